// Bad requests get OpenAI-shaped errors, and nothing a client does stops the
// mock LLM from serving the next request.
import * as net from 'net';
import { abortMidStream, healthy, MODEL, postRaw, rawRequest, RawResponse, useMockServer } from './support';

// A pause between streamed events, so a client can drop the connection mid-stream.
const server = useMockServer({ MOCK_STREAM_DELAY_MS: '5' });
const SECRET = 'body-text-never-logged';

afterEach(async () => {
  expect(await healthy(server().url)).toBe(true);
});

/** The error of an OpenAI-shaped error reply. */
function apiError(r: RawResponse): { message: string; type: string; param: string | null; code: string | null } {
  expect(r.headers['content-type']).toBe('application/json');
  const body = JSON.parse(r.body);
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(body.error.message).toEqual(expect.any(String));
  return body.error;
}

const chat = (body: unknown) => postRaw(server().port, '/v1/chat/completions', JSON.stringify(body));
const responses = (body: unknown) => postRaw(server().port, '/v1/responses', JSON.stringify(body));
const user = [{ role: 'user', content: SECRET }];

describe('malformed requests', () => {
  it('rejects a body that is not JSON', async () => {
    for (const body of ['{"model": ', 'not json', '', '['.repeat(100000)]) {
      const r = await postRaw(server().port, '/v1/chat/completions', body);
      expect(r.status).toBe(400);
      expect(apiError(r)).toMatchObject({ type: 'invalid_request_error', code: 'invalid_json' });
    }
    const latin1 = Buffer.from('{"model":"\xff"}', 'latin1');
    const head = `POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: ${latin1.length}\r\nConnection: close\r\n\r\n`;
    expect((await rawRequest(server().port, Buffer.concat([Buffer.from(head), latin1]))).status).toBe(400);
  });

  it('rejects JSON that is not an object', async () => {
    for (const body of ['[{"model":"mock-llm"}]', '"text"', '42', 'null']) {
      const r = await postRaw(server().port, '/v1/responses', body);
      expect(r.status).toBe(400);
      expect(apiError(r).message).toMatch(/must be a JSON object/);
    }
  });

  it.each([
    ['model', { model: 5, messages: user }],
    ['messages', { model: MODEL, messages: SECRET }],
    ['messages', { model: MODEL, messages: { role: 'user' } }],
    ['messages[0]', { model: MODEL, messages: [SECRET] }],
    ['stream', { model: MODEL, messages: user, stream: 'yes' }],
    ['stream_options', { model: MODEL, messages: user, stream: true, stream_options: true }],
    ['tools', { model: MODEL, messages: user, tools: { type: 'function' } }],
    ['tools[0]', { model: MODEL, messages: user, tools: ['add_task'] }],
  ])('chat: a wrong type for %s is a 400 naming it', async (param, body) => {
    const r = await chat(body);
    expect(r.status).toBe(400);
    expect(apiError(r)).toMatchObject({ param, code: 'invalid_type' });
    expect(apiError(r).message).toContain(`'${param}'`);
  });

  it.each([
    ['input', { model: MODEL, input: 42 }],
    ['input', { model: MODEL, input: { role: 'user', content: 'hi' } }],
    ['input[1]', { model: MODEL, input: [{ role: 'user', content: 'hi' }, 'hi'] }],
    ['instructions', { model: MODEL, input: 'hi', instructions: ['be brief'] }],
    ['stream', { model: MODEL, input: 'hi', stream: 1 }],
  ])('responses: a wrong type for %s is a 400 naming it', async (param, body) => {
    const r = await responses(body);
    expect(r.status).toBe(400);
    expect(apiError(r)).toMatchObject({ param, code: 'invalid_type' });
  });

  it.each([
    ['model', '/v1/chat/completions', { messages: user }],
    ['messages', '/v1/chat/completions', { model: MODEL }],
    ['messages[0].role', '/v1/chat/completions', { model: MODEL, messages: [{ content: SECRET }] }],
    ['tools[0].function.name', '/v1/chat/completions', { model: MODEL, messages: user, tools: [{ type: 'function', function: {} }] }],
    ['model', '/v1/responses', { input: 'hi' }],
    ['input', '/v1/responses', { model: MODEL }],
    ['tools[0].name', '/v1/responses', { model: MODEL, input: 'hi', tools: [{ type: 'function' }] }],
  ])('a missing %s is a 400 naming it (%s)', async (param, route, body) => {
    const r = await postRaw(server().port, route, JSON.stringify(body));
    expect(r.status).toBe(400);
    expect(apiError(r)).toMatchObject({ param, code: 'missing_required_parameter' });
  });

  it('rejects an empty message list', async () => {
    const r = await chat({ model: MODEL, messages: [] });
    expect(r.status).toBe(400);
    expect(apiError(r)).toMatchObject({ param: 'messages', code: 'invalid_value' });
  });

  it('answers an unknown route with 404', async () => {
    const get = await rawRequest(server().port, 'GET /v1/nothing-here HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(get.status).toBe(404);
    expect(apiError(get)).toMatchObject({ type: 'invalid_request_error', param: null, code: 'unknown_url' });
    const post = await postRaw(server().port, '/v1/embeddings', JSON.stringify({ model: MODEL, input: SECRET }));
    expect(post.status).toBe(404);
    const model = await rawRequest(server().port, 'GET /v1/models/gpt-4o HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect([model.status, apiError(model).code]).toEqual([404, 'model_not_found']);
  });

  it('answers a wrong method with 405 and the allowed one', async () => {
    const get = await rawRequest(server().port, 'GET /v1/chat/completions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect([get.status, get.headers.allow, apiError(get).code]).toEqual([405, 'POST', 'method_not_allowed']);
    const post = await postRaw(server().port, '/health', '{}');
    expect([post.status, post.headers.allow]).toEqual([405, 'GET']);
    const del = await rawRequest(server().port, 'DELETE /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(del.status).toBe(405);
    const odd = await rawRequest(server().port, 'BREW /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(odd.status).toBe(501);
    apiError(odd);
  });

  it('refuses a body over 1 MiB by its Content-Length, without reading it', async () => {
    const head = (extra: string) =>
      `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${2 * 1024 * 1024}\r\n${extra}\r\n`;
    // Only the headers are sent: the server answers without waiting for the body.
    const r = await rawRequest(server().port, head(''));
    expect([r.status, r.headers.connection, apiError(r).code]).toEqual([413, 'close', 'request_too_large']);
    const expecting = await rawRequest(server().port, head('Expect: 100-continue\r\n'));
    expect(expecting.status).toBe(413);
  });

  it('needs a valid Content-Length: chunked, missing and invalid lengths are refused', async () => {
    const chunked = await rawRequest(
      server().port,
      'POST /v1/responses HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
    );
    expect([chunked.status, apiError(chunked).code]).toEqual([411, 'length_required']);
    const missing = await rawRequest(server().port, 'POST /v1/responses HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(missing.status).toBe(411);
    for (const length of ['abc', '-1', '1, 2']) {
      const r = await rawRequest(server().port, `POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: ${length}\r\n\r\n{}`);
      expect([r.status, apiError(r).code]).toEqual([400, 'invalid_content_length']);
    }
  });

  it('keeps serving while a client stalls mid-body, and after it hangs up', async () => {
    const socket = net.connect(server().port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let reply = '';
    socket.on('data', (d) => (reply += d));
    socket.write('POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"model":');
    expect(await healthy(server().url)).toBe(true);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.end();
    await closed;
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
  });

  it.each([
    ['/v1/chat/completions', { model: MODEL, messages: [{ role: 'user', content: `${SECRET} `.repeat(8) }], stream: true }],
    ['/v1/responses', { model: MODEL, input: `${SECRET} `.repeat(8), stream: true }],
  ])('survives a client that drops %s mid-stream', async (route, body) => {
    const first = await abortMidStream(server().port, route, body);
    expect(first).toMatch(/^(event: \S+\n)?data: \{/);
  });

  it('is still running, logged one line per request, and never logged a body', async () => {
    // Let the server notice the dropped streams before reading its log.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server().alive()).toBe(true);
    const log = server().log();
    expect(log).not.toContain('Traceback');
    expect(log).not.toContain(SECRET);
    const lines = log.trim().split('\n').slice(1);
    expect(lines.length).toBeGreaterThan(40);
    for (const line of lines) expect(line).toMatch(/^([A-Z]+|-) \S+ \d{3}$/);
  });
});
