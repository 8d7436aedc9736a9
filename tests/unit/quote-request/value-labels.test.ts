import { tagLabel, tagsLabel, valueLabel } from '../../../src/api/quote-request/domain/value-labels';
import { QUOTE_STAGES, REQUESTED_MODELS, SCOPES, APPROACHES } from '../../../src/api/quote-request/constants';
import { cellText, SpreadsheetText } from '../../../src/api/quote-request/domain/csv';

describe('valueLabel', () => {
  it('has a word for every stored value, in French and in English, never the raw value', () => {
    const families: [keyof typeof valueLabel, readonly string[]][] = [
      ['stage', QUOTE_STAGES],
      ['model', REQUESTED_MODELS],
      ['scope', SCOPES],
      ['approach', APPROACHES],
      ['language', ['fr', 'en']],
      ['delivery', ['pending', 'sent', 'partial', 'failed', 'skipped']],
    ];
    for (const [family, values] of families) {
      for (const value of values) {
        for (const language of ['fr', 'en'] as const) {
          const word = valueLabel[family](value, language);
          expect([family, value, language, typeof word]).toEqual([family, value, language, 'string']);
          if (!['bpo', 'ito', 'kpo'].includes(value)) expect([family, word]).not.toEqual([family, value]);
        }
      }
    }
    expect(valueLabel.stage('qualified', 'fr')).toBe('Qualifiée');
    expect(valueLabel.scope('partial', 'en')).toBe('Partial');
    expect(valueLabel.language('fr', 'fr')).toBe('Français');
  });

  it('gives back what it has no word for, inherited object keys included', () => {
    expect(valueLabel.stage('archived', 'fr')).toBe('archived');
    expect(valueLabel.stage('constructor', 'fr')).toBe('constructor');
    expect(valueLabel.model(null, 'fr')).toBeNull();
  });
});

describe('tagLabel', () => {
  it('writes derived tags in words and keeps hand-typed ones', () => {
    expect(tagLabel('model:bpo', 'fr')).toBe('Modèle : BPO');
    expect(tagLabel('scope:partial', 'fr')).toBe('Périmètre : Partielle');
    expect(tagLabel('approach:strategic', 'en')).toBe('Approach: Strategic');
    expect(tagLabel('model:undecided', 'fr')).toBe('Modèle : À définir');
    expect(tagLabel('salon:2026', 'fr')).toBe('salon:2026');
    expect(tagLabel('vip', 'fr')).toBe('vip');
    expect(tagsLabel(['model:ito', 'vip'], 'fr')).toEqual(['Modèle : ITO', 'vip']);
  });
});

describe('SpreadsheetText', () => {
  it('is a string formula whose only content is the text, quotes doubled', () => {
    expect(cellText(new SpreadsheetText('+33 6 12 34 56 78'))).toBe('="+33 6 12 34 56 78"');
    expect(cellText(new SpreadsheetText('a"b'))).toBe('="a""b"');
    expect(cellText(new SpreadsheetText(''))).toBe('');
    // Plain strings are still neutralised.
    expect(cellText('+33 6')).toBe("'+33 6");
  });
});
