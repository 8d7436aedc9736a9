# The backend of deploy/varnish.vcl: HAProxy (deploy/haproxy.cfg) on this machine. Copy both files to
# /etc/varnish/ and set the address HAProxy binds (HAPROXY_BIND); `npm run deploy:local -- --cache` writes
# its own copy with the ports it picked.
backend default {
    .host = "127.0.0.1";
    .port = "8081";
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}
