import { describeDatabaseFailure } from '../../../src/database/failure';

describe('describeDatabaseFailure: what a log line may say of a failed query', () => {
  it("names the error's class and the driver's code, never the message", () => {
    const sqlite = Object.assign(
      new Error("insert into `quote_requests` values ('jeanne@prive.test') - database is locked"),
      {
        name: 'SqliteError',
        code: 'SQLITE_BUSY',
      }
    );
    expect(describeDatabaseFailure(sqlite)).toBe('SqliteError SQLITE_BUSY');
    const mysql = Object.assign(new Error("Duplicate entry 'jeanne@prive.test' for key 'email'"), {
      code: 'ER_DUP_ENTRY',
    });
    expect(describeDatabaseFailure(mysql)).toBe('Error ER_DUP_ENTRY');
  });

  it('reads a driver error of another realm by its shape, and PostgreSQL codes', () => {
    expect(describeDatabaseFailure({ name: 'error', code: '55P03', detail: 'Failing row contains (Jeanne)' })).toBe(
      'error 55P03'
    );
  });

  it('never repeats a name or code that could carry text of its own', () => {
    expect(describeDatabaseFailure({ name: 'Jeanne Dupont <jeanne@prive.test>', code: "jeanne's code" })).toBe('Error');
    expect(describeDatabaseFailure({ code: 'x'.repeat(500) })).toBe(`Error ${'x'.repeat(64)}`);
    expect(describeDatabaseFailure('jeanne@prive.test')).toBe('string');
    expect(describeDatabaseFailure(null)).toBe('object');
  });
});
