vcl 4.1;
# Reference cache: Varnish (Debian's `varnish` 7.1) with `varnish-modules` (vmod xkey) in front of HAProxy.
# `npm run deploy:local -- --cache` runs it on one machine (scripts/lib/varnish.js); README, "A cache in
# front: Varnish".
#
# - Stored: anonymous GET/HEAD under /api and /graphql whose answer the application marked shareable
#   (`Cache-Control: public, max-age=...`), for as long as that header says (max-age, s-maxage; grace from
#   stale-while-revalidate). Everything else goes to the application every time.
# - Never stored, never answered from the cache: requests with credentials (Authorization, Cookie,
#   X-Preview-Token, token parameters), drafts (`status=`), writes (POST and the like); answers marked
#   private / no-cache / no-store, answers with Set-Cookie, answers without Cache-Control.
# - Purged by surrogate key: the application tags each shareable answer with `Surrogate-Key` (the content
#   type and every document it contains); it is copied into `xkey`, the header vmod xkey indexes. A
#   `PURGE` with an `xkey` request header (space-separated keys), from loopback only, removes every object
#   tagged with one of them. deploy/cache-purger.js sends it when a publish event arrives.
#
# The backend (HAProxy, or one instance) is declared in varnish-backend.vcl, found on varnishd's
# `vcl_path`: deploy/varnish-backend.vcl is the example; deploy:local writes its own.

import xkey;

include "varnish-backend.vcl";

# Who may purge: this machine only (the purger runs next to Varnish).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # X-Cache is this cache's own answer header; a client's copy means nothing.
    unset req.http.X-Cache;

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey || req.http.xkey !~ "[^ ,]") {
            return (synth(400, "PURGE needs an xkey header"));
        }
        # A hard purge: the next reader gets the new answer, not a stale one served while it is fetched.
        set req.http.X-Purged = xkey.purge(req.http.xkey);
        return (synth(200, "Purged " + req.http.X-Purged));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Public content only; the router matches paths case-insensitively, so does this.
    if (req.url !~ "(?i)^/(api|graphql)(/|\?|$)") {
        return (pass);
    }
    # Credentials of any kind, in any spelling (header names are case-insensitive here; an empty
    # Authorization still counts: the application decides what it means, the cache does not guess).
    if (req.http.Authorization || req.http.Cookie || req.http.X-Preview-Token) {
        return (pass);
    }
    # Drafts and tokens in the query string (`status=draft`, `previewToken=`, `access_token=`, brackets too).
    if (req.url ~ "(?i)[?&](status|preview|previewtoken|token|access_token)(=|&|\[|%5b|$)") {
        return (pass);
    }
    # Apollo's CSRF prevention refuses a GraphQL GET without a preflight header or a non-simple
    # Content-Type. A cached answer must not let such a request (another site's page) read what Apollo
    # would refuse: it goes to the application, which refuses it.
    if (req.url ~ "(?i)^/graphql") {
        if (!(req.http.apollo-require-preflight ~ "."
              || req.http.x-apollo-operation-name ~ "."
              || (req.http.Content-Type ~ {"^\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+/[A-Za-z0-9!#$%&'*+.^_`|~-]+\s*(;|$)"}
                  && req.http.Content-Type !~ "(?i)^\s*(application/x-www-form-urlencoded|multipart/form-data|text/plain)\s*(;|$)"))) {
            return (pass);
        }
    }
    return (hash);
}

sub vcl_hit {
    set req.http.X-Cache = "HIT";
}

sub vcl_miss {
    set req.http.X-Cache = "MISS";
}

sub vcl_pass {
    set req.http.X-Cache = "PASS";
}

sub vcl_backend_fetch {
    unset bereq.http.X-Cache;
}

sub vcl_backend_response {
    # Only the application's surrogate keys are indexed.
    unset beresp.http.xkey;
    if (bereq.uncacheable) {
        return (deliver);
    }
    # Stored only when the application said it may be shared. An answer without Cache-Control (an error
    # the application did not mark) is not kept for Varnish's default TTL.
    if (beresp.http.Set-Cookie
        || !beresp.http.Cache-Control
        || beresp.http.Cache-Control ~ "(?i)(^|[\s,])(private|no-store|no-cache)([\s,=]|$)"
        || beresp.http.Cache-Control !~ "(?i)(^|[\s,])(public|max-age|s-maxage)([\s,=]|$)"
        || beresp.http.Vary == "*") {
        # Hit-for-miss: the next request for this URL goes to the application too, and may be stored.
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
        return (deliver);
    }
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.xkey;
    # HIT, MISS (fetched, stored when shareable) or PASS (fetched, never stored).
    if (req.http.X-Cache) {
        set resp.http.X-Cache = req.http.X-Cache;
    }
}

sub vcl_synth {
    if (req.method == "PURGE") {
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.body = resp.reason;
        return (deliver);
    }
}
