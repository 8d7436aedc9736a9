import crypto from 'crypto';
import { newDocumentId } from '../../../utils/document-id';
import type { Core } from '@strapi/strapi';
import type { RequestLocale } from '../../quote-request/constants';
import { isUniqueViolation } from '../../../utils/unique-violation';
import { cacheInvalidation } from '../../../cache/invalidation';
import { CONSENT_TEXT_UID, OUTSOURCING_OVERVIEW_UID } from '../constants';
import type { ConsentTextRecord } from '../domain/privacy-export';

/** The consent sentence a submission agreed to: its hash, the overview publication it came from, the text. */
export interface ConsentEvidence {
  hash: string;
  /** The publication time (ISO 8601) of the overview version, in the submission's language, that showed it. */
  version: string;
  text: string;
}

interface PublishedOverview {
  id: number;
  publishedAt: string | Date | null;
  quoteCta?: { consentLabel?: string | null } | null;
}

export const consentTextHash = (text: string): string => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Consent that can be proven: the sentence next to the form's checkbox is content (`consentLabel` of
 * the overview's quote call-to-action, per language). Each submission records the hash of the
 * published sentence in its language and that publication's time; the sentence itself is kept once
 * per hash in `consent_texts`, so it outlives later edits of the overview and can be shown in an
 * access export.
 */
/** How long a submission reuses the live consent sentence it read, at most (a publish drops it at once). */
const CONSENT_CACHE_TTL_MS = 5000;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** Hashes this instance already knows are stored: the common case costs no write. */
  const stored = new Set<string>();
  /**
   * The live sentence per language, as the last submission read it. Dropped on every content change
   * (a publish or unpublish of the overview on this instance at once; on another instance within a
   * second, through PostgreSQL or Redis) and after 5 s in any case: two queries less per submission.
   */
  const live = new Map<RequestLocale, { evidence: ConsentEvidence | null; at: number }>();
  cacheInvalidation(strapi).onInvalidate(() => live.clear());

  const rememberText = async (evidence: ConsentEvidence, language: RequestLocale): Promise<void> => {
    if (stored.has(evidence.hash)) return;
    const texts = strapi.db.query(CONSENT_TEXT_UID);
    const existing = (await texts.findOne({ where: { hash: evidence.hash }, select: ['id'] })) as { id: number } | null;
    if (!existing) {
      try {
        const now = new Date();
        await texts.create({
          data: {
            documentId: newDocumentId(),
            publishedAt: now,
            hash: evidence.hash,
            text: evidence.text,
            language,
            firstVersion: evidence.version,
          },
        });
      } catch (error) {
        // Another submission (or instance) stored the same sentence first: that is the outcome wanted.
        if (!isUniqueViolation(error)) throw error;
      }
    }
    stored.add(evidence.hash);
  };

  const service = {
    /**
     * The consent sentence published now in this language, stored for later proof; null when the
     * overview is not published in that language or has no sentence. The version recorded is the one
     * live at that moment: the cache above is dropped by the publish that replaces it.
     */
    async currentConsent(language: RequestLocale): Promise<ConsentEvidence | null> {
      const known = live.get(language);
      if (known && Date.now() - known.at < CONSENT_CACHE_TTL_MS) return known.evidence;
      const at = Date.now();
      const evidence = await service.readConsent(language);
      live.set(language, { evidence, at });
      return evidence;
    },

    /** The consent sentence live in the database now (see currentConsent). */
    async readConsent(language: RequestLocale): Promise<ConsentEvidence | null> {
      const overview = (await strapi.db.query(OUTSOURCING_OVERVIEW_UID).findOne({
        where: { locale: language, publishedAt: { $notNull: true } },
        select: ['id', 'publishedAt'],
        populate: { quoteCta: { select: ['consentLabel'] } },
      })) as PublishedOverview | null;
      const text = overview?.quoteCta?.consentLabel;
      if (!overview?.publishedAt || !text) return null;
      const evidence: ConsentEvidence = {
        hash: consentTextHash(text),
        version: new Date(overview.publishedAt).toISOString(),
        text,
      };
      await rememberText(evidence, language);
      return evidence;
    },

    /** The stored sentences for these hashes. */
    async textsByHash(hashes: string[]): Promise<Map<string, ConsentTextRecord>> {
      const unique = [...new Set(hashes)];
      if (unique.length === 0) return new Map();
      const rows = (await strapi.db.query(CONSENT_TEXT_UID).findMany({
        where: { hash: { $in: unique } },
        select: ['hash', 'text', 'language'],
      })) as ConsentTextRecord[];
      return new Map(rows.map((row) => [row.hash, row]));
    },
  };
  return service;
};
