import { invalidAddresses, normaliseAddressList } from '../../../src/api/quote-routing/domain/address-lists';

describe('invalidAddresses', () => {
  it('names a bad line as it was typed', () => {
    expect(invalidAddresses({ bpoAddresses: 'bpo@rouge-hexagone.test\nnot-an-address' })).toEqual([
      {
        field: 'bpoAddresses',
        address: 'not-an-address',
        message: '« not-an-address » n’est pas une adresse e-mail valide',
      },
    ]);
  });

  it('shows the whole line a fragment cut at a comma or semicolon came from', () => {
    const [problem] = invalidAddresses({ itoAddresses: 'ito@rouge-hexagone,fr' });
    expect(problem.address).toBe('fr');
    expect(problem.message).toBe(
      '« fr » (dans « ito@rouge-hexagone,fr ») n’est pas une adresse e-mail valide : une adresse par ligne, ou séparées par des virgules'
    );
    expect(invalidAddresses({ ccAddresses: 'a@b.test; c@d.test, e@f.test' })).toEqual([]);
    expect(normaliseAddressList('A@B.test; c@d.test\n\na@b.test')).toBe('a@b.test\nc@d.test');
  });
});
