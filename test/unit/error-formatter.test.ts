import { Writable } from 'node:stream';
import { GraphQLError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { createLogger } from '../../src/common/logger';
import { createErrorFormatter, tagWithRequestId } from '../../src/http/errors';

/** The formatter turns whatever reaches it into a coded answer, and logs internal errors once, with the stack. */
function formatterWithLog() {
  const lines: Array<Record<string, any>> = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      cb();
    },
  });
  return { format: createErrorFormatter(createLogger('info', sink)), lines };
}

/** The error as Apollo hands it over: tagged with its request by the operation-log plugin. */
const inRequest = <E extends object>(error: E): E => {
  tagWithRequestId(error, 'req-42');
  return error;
};

describe('the error formatter', () => {
  it('answers a validator that threw (instead of listing failures) as BAD_USER_INPUT', () => {
    const { format, lines } = formatterWithLog();
    const thrown = new ArgumentValidationError(new URIError('URI malformed') as never);
    const out = format(
      { message: 'x', path: ['addInvoiceRecipient'] },
      inRequest(new GraphQLError('x', { originalError: thrown, path: ['addInvoiceRecipient'] })),
    );
    expect(out.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('answers request errors without a code (variables past the error limit, APQ checks) as client errors', () => {
    const { format } = formatterWithLog();
    const variables = new GraphQLError('Too many errors processing variables, error limit reached. Execution aborted.');
    expect(
      format({ message: variables.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, inRequest(variables))
        .extensions,
    ).toEqual({ code: 'BAD_USER_INPUT' });
    const apq = new GraphQLError('provided sha does not match query');
    expect(
      format({ message: apq.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, inRequest(apq)).extensions,
    ).toEqual({ code: 'BAD_REQUEST' });
  });

  it('masks an unexpected error with the request id and logs it once with its stack', () => {
    const { format, lines } = formatterWithLog();
    const bug = new TypeError('Cannot read properties of undefined');
    const out = format(
      { message: bug.message, path: ['me'] },
      inRequest(new GraphQLError(bug.message, { originalError: bug, path: ['me'] })),
    );
    expect(out).toEqual({
      message: 'Internal server error',
      path: ['me'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-42' },
    });
    const logged = lines.filter((l) => l.level >= 50);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      requestId: 'req-42',
      err: { message: bug.message, stack: expect.stringContaining('TypeError') },
    });
  });

  it('still answers with the request id and a log line when formatting itself fails', () => {
    const { format, lines } = formatterWithLog();
    // Validation errors of an unexpected shape made the formatter throw: Apollo then answered with no id and logged nothing.
    const broken = new ArgumentValidationError([{ property: 'email', children: 'not a list' }] as never);
    const out = format(
      { message: 'x', path: ['f'] },
      inRequest(new GraphQLError('x', { originalError: broken, path: ['f'] })),
    );
    expect(out.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-42' });
    expect(lines.filter((l) => l.level >= 50)).toHaveLength(1);
  });
});
