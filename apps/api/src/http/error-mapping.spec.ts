import { QueryFailedError } from 'typeorm';
import { toProblemParts } from './error-mapping';

/** An error as pg raises it for a server message: a SQLSTATE code and a severity. */
const pgError = (code: string, message: string) =>
  Object.assign(new Error(message), { code, severity: 'FATAL' });
const socketError = (code: string) =>
  Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, errno: -111 });

describe('toProblemParts for a database that is down or restarting', () => {
  it.each([
    ['connection refused', socketError('ECONNREFUSED')],
    ['connection reset', socketError('ECONNRESET')],
    ['connection cut', new Error('Connection terminated unexpectedly')],
    [
      'a client left unusable',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    [
      'admin shutdown (57P01)',
      pgError('57P01', 'terminating connection due to administrator command'),
    ],
    ['shutting down (57P03)', pgError('57P03', 'the database system is shutting down')],
    ['starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    ['connection failure (08006)', pgError('08006', 'connection failure')],
    [
      'a query failed by one',
      new QueryFailedError(
        'select 1',
        [],
        pgError('57P01', 'terminating connection due to administrator command'),
      ),
    ],
  ])('%s: a 503 problem', (_name, error) => {
    expect(toProblemParts(error)).toMatchObject({ status: 503, code: 'SHARED.UNAVAILABLE' });
    expect(toProblemParts(error).unexpected).toBeFalsy();
  });

  it('keeps other errors as they were', () => {
    expect(toProblemParts(pgError('23505', 'duplicate key')).status).toBe(409);
    expect(toProblemParts(pgError('22P02', 'invalid input syntax')).status).toBe(400);
    expect(toProblemParts(pgError('42P01', 'relation does not exist')).status).toBe(500);
    expect(toProblemParts(new Error('boom')).status).toBe(500);
  });
});
