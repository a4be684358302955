// The mock LLM as the chatbot's backend sees it: through the official openai
// client and through the Agents SDK's run loop, on both OpenAI APIs.
import { Agent, Model, OpenAIChatCompletionsModel, OpenAIResponsesModel, run, setTracingDisabled, tool } from '@openai/agents';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { FunctionTool } from 'openai/resources/responses/responses';
import { z } from 'zod';
import { MODEL, useMockServer } from './support';

const server = useMockServer();
const client = () => new OpenAI({ apiKey: 'not-a-key', baseURL: `${server().url}/v1`, maxRetries: 0 });

// The app's tools, as Chat Completions and Responses requests offer them.
const TOOL_PARAMETERS: Record<string, Record<string, unknown>> = {
  add_task: { title: { type: 'string' }, description: { type: 'string' } },
  list_tasks: { status: { type: 'string', enum: ['all', 'pending', 'completed'] } },
  complete_task: { task_id: { type: 'integer' } },
  delete_task: { task_id: { type: 'integer' } },
  update_task: { task_id: { type: 'integer' }, title: { type: 'string' } },
};
const schema = (name: string) => ({ type: 'object', properties: TOOL_PARAMETERS[name] });
const CHAT_TOOLS: ChatCompletionTool[] = Object.keys(TOOL_PARAMETERS).map((name) => ({ type: 'function', function: { name, parameters: schema(name) } }));
const RESPONSES_TOOLS: FunctionTool[] = Object.keys(TOOL_PARAMETERS).map((name) => ({ type: 'function', name, parameters: schema(name), strict: false }));

beforeAll(() => setTracingDisabled(true));

describe('the openai client', () => {
  it('lists the one model', async () => {
    const page = await client().models.list();
    expect(page.data.map((m) => [m.id, m.object])).toEqual([[MODEL, 'model']]);
  });

  it('gets a plain chat completion with usage', async () => {
    const r = await client().chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hello there' }] });
    expect(r.object).toBe('chat.completion');
    expect(r.choices[0].message).toMatchObject({ role: 'assistant', content: 'Mock reply: hello there' });
    expect(r.choices[0].finish_reason).toBe('stop');
    expect(r.usage).toMatchObject({ prompt_tokens: 2, completion_tokens: 4, total_tokens: 6 });
  });

  it('streams a chat completion in chunks, usage last, ending in [DONE]', async () => {
    const stream = await client().chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'tell me a story' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Mock reply: tell me a story');
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.at(-2)?.choices[0].finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 6 } });

    // The wire format the client parsed: SSE data lines, the last one [DONE].
    const raw = await fetch(`${server().url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hi' }], stream: true }),
    });
    expect(raw.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await raw.text();
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(text.split('\n\n').filter(Boolean).every((frame) => frame.startsWith('data: '))).toBe(true);
  });

  it('calls add_task for "add buy milk", then quotes the tool result', async () => {
    const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'add buy milk' }];
    const first = await client().chat.completions.create({ model: MODEL, messages, tools: CHAT_TOOLS });
    const message = first.choices[0].message;
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    expect(message.content).toBeNull();
    const call = message.tool_calls?.[0];
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('add_task');
    expect(JSON.parse(call.function.arguments)).toEqual({ title: 'buy milk' });

    messages.push(message, { role: 'tool', tool_call_id: call.id, content: 'Added task 1: buy milk' });
    const second = await client().chat.completions.create({ model: MODEL, messages, tools: CHAT_TOOLS });
    expect(second.choices[0].message.content).toBe('Done: Added task 1: buy milk');
    expect(second.choices[0].message.tool_calls).toBeUndefined();
  });

  it.each([
    ['list my tasks', 'list_tasks', { status: 'all' }],
    ['complete task 3', 'complete_task', { task_id: 3 }],
    ['delete task 2', 'delete_task', { task_id: 2 }],
    ['update task 1 to call mom', 'update_task', { task_id: 1, title: 'call mom' }],
  ])('maps %j to %s with arguments from the message', async (content, name, args) => {
    const r = await client().chat.completions.create({ model: MODEL, messages: [{ role: 'user', content }], tools: CHAT_TOOLS });
    const call = r.choices[0].message.tool_calls?.[0];
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect([call.function.name, JSON.parse(call.function.arguments)]).toEqual([name, args]);
  });

  it('fills a user id the tool declares from the instructions, and only declared arguments', async () => {
    const tools: ChatCompletionTool[] = [
      { type: 'function', function: { name: 'add_task', parameters: { type: 'object', properties: { user_id: { type: 'string' }, name: { type: 'string' } } } } },
      { type: 'function', function: { name: 'complete_task', parameters: { type: 'object', properties: { id: { type: 'string' } } } } },
    ];
    const ask = async (content: string) => {
      const messages: ChatCompletionMessageParam[] = [{ role: 'system', content: 'The current user_id is u-42.' }, { role: 'user', content }];
      const call = (await client().chat.completions.create({ model: MODEL, messages, tools })).choices[0].message.tool_calls?.[0];
      if (call?.type !== 'function') throw new Error('expected a function call');
      return [call.function.name, JSON.parse(call.function.arguments)];
    };
    expect(await ask('Add a task to buy milk')).toEqual(['add_task', { user_id: 'u-42', name: 'buy milk' }]);
    expect(await ask('mark task 3 as done')).toEqual(['complete_task', { id: '3' }]);
  });

  it('streams a tool call: id and name first, then the arguments in pieces', async () => {
    const stream = await client().chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'complete task 3' }], tools: CHAT_TOOLS, stream: true });
    const deltas = [];
    for await (const chunk of stream) deltas.push(...(chunk.choices[0]?.delta.tool_calls ?? []));
    expect(deltas[0]).toMatchObject({ index: 0, type: 'function', function: { name: 'complete_task' } });
    expect(deltas[0].id).toMatch(/^call_/);
    expect(JSON.parse(deltas.map((d) => d.function?.arguments ?? '').join(''))).toEqual({ task_id: 3 });
  });

  it('answers through the Responses API', async () => {
    const r = await client().responses.create({ model: MODEL, input: 'good morning' });
    expect(r.status).toBe('completed');
    expect(r.output_text).toBe('Mock reply: good morning');
    expect(r.usage).toMatchObject({ input_tokens: 2, output_tokens: 4, total_tokens: 6 });

    const call = await client().responses.create({ model: MODEL, input: 'delete task 2', tools: RESPONSES_TOOLS });
    expect(call.output).toEqual([expect.objectContaining({ type: 'function_call', name: 'delete_task', arguments: '{"task_id": 2}' })]);
  });

  it('streams the Responses events in order, numbered, building the final response', async () => {
    const stream = await client().responses.create({ model: MODEL, input: 'good evening', stream: true });
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      // One delta a word of "Mock reply: good evening".
      ...Array<string>(4).fill('response.output_text.delta'),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);

    // The client's own accumulator rebuilds text and a function call from the deltas.
    const text = await client().responses.stream({ model: MODEL, input: 'good evening' }).finalResponse();
    expect(text.output_text).toBe('Mock reply: good evening');
    const call = await client().responses.stream({ model: MODEL, input: 'update task 1 to call mom', tools: RESPONSES_TOOLS }).finalResponse();
    expect(call.output[0]).toMatchObject({ type: 'function_call', name: 'update_task', status: 'completed' });
    if (call.output[0].type !== 'function_call') throw new Error('expected a function call');
    expect(JSON.parse(call.output[0].arguments)).toEqual({ task_id: 1, title: 'call mom' });
  });
});

interface Call {
  name: string;
  args: unknown;
}

/** An agent with the app's five task tools, each recording its calls. */
function todoAgent(model: Model): { agent: Agent; calls: Call[] } {
  const calls: Call[] = [];
  const record = (name: string, args: unknown, result: string) => {
    calls.push({ name, args });
    return result;
  };
  const taskId = z.object({ task_id: z.number() });
  const tools = [
    tool({ name: 'add_task', description: 'Add a task', parameters: z.object({ title: z.string() }), execute: (a) => record('add_task', a, `Added task 1: ${a.title}`) }),
    tool({ name: 'list_tasks', description: 'List tasks', parameters: z.object({ status: z.enum(['all', 'pending', 'completed']) }), execute: (a) => record('list_tasks', a, '1. buy milk') }),
    tool({ name: 'complete_task', description: 'Complete a task', parameters: taskId, execute: (a) => record('complete_task', a, `Completed task ${a.task_id}`) }),
    tool({ name: 'delete_task', description: 'Delete a task', parameters: taskId, execute: (a) => record('delete_task', a, `Deleted task ${a.task_id}`) }),
    tool({
      name: 'update_task',
      description: 'Rename a task',
      parameters: z.object({ task_id: z.number(), title: z.string() }),
      execute: (a) => record('update_task', a, `Updated task ${a.task_id}`),
    }),
  ];
  return { agent: new Agent({ name: 'Todo', instructions: 'Manage the user\'s tasks.', model, tools }), calls };
}

describe('the Agents SDK', () => {
  const models: Array<[string, () => Model]> = [
    ['the Responses API', () => new OpenAIResponsesModel(client(), MODEL)],
    ['Chat Completions', () => new OpenAIChatCompletionsModel(client(), MODEL)],
  ];

  it.each(models)('runs the tool loop through %s', async (_api, model) => {
    const { agent, calls } = todoAgent(model());
    const result = await run(agent, 'add buy milk');
    expect(calls).toEqual([{ name: 'add_task', args: { title: 'buy milk' } }]);
    expect(result.finalOutput).toBe('Done: Added task 1: buy milk');

    const listed = todoAgent(model());
    expect((await run(listed.agent, 'list my tasks')).finalOutput).toBe('Done: 1. buy milk');
    expect(listed.calls).toEqual([{ name: 'list_tasks', args: { status: 'all' } }]);
  });

  it.each(models)('streams a run through %s', async (_api, model) => {
    const { agent, calls } = todoAgent(model());
    const result = await run(agent, 'complete task 3', { stream: true });
    let text = '';
    for await (const event of result) {
      if (event.type === 'raw_model_stream_event' && event.data.type === 'output_text_delta') text += event.data.delta;
    }
    await result.completed;
    expect(calls).toEqual([{ name: 'complete_task', args: { task_id: 3 } }]);
    expect(text).toBe('Done: Completed task 3');
    expect(result.finalOutput).toBe('Done: Completed task 3');
  });

  it('answers in words when no task is asked for', async () => {
    const { agent, calls } = todoAgent(new OpenAIResponsesModel(client(), MODEL));
    expect((await run(agent, 'how are you?')).finalOutput).toBe('Mock reply: how are you?');
    expect(calls).toEqual([]);
  });
});
