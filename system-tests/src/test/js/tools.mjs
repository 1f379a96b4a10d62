// The tools platform through the official client. `builtins`: the client README's first agent, with web_search and
// run_code named at create, asked twice; `custom`: a Python tool created from source, attached by id, called;
// `mcp <server_url>`: an MCP server registered, its echo tool attached and called.
import { all, client, run } from './lib.mjs';

const letta = client();

const MODEL = { model: 'openai/gpt-4o-mini', embedding: 'openai/text-embedding-3-small' };
const MEMORY_BLOCKS = [
  { label: 'human', value: 'Name: Ada. Likes exact answers.' },
  { label: 'persona', value: 'I am a helpful assistant that uses my tools.' },
];

// A die whose face is derived from the number of sides, so that the test can tell the sandbox really computed it.
const ROLL = `def roll(sides: int) -> str:
    """Roll a die.

    Args:
        sides: how many sides

    Returns:
        str: the roll
    """
    import hashlib
    print(f"rolling a d{sides}")
    face = int(hashlib.sha256(str(sides).encode()).hexdigest(), 16) % sides + 1
    return f"d{sides} rolled {face}"
`;

const names = (tools) => tools.map((t) => t.name).sort();

async function say(agentId, content) {
  return letta.agents.messages.create(agentId, { messages: [{ role: 'user', content }] });
}

async function builtins() {
  const agent = await letta.agents.create({ ...MODEL, memory_blocks: MEMORY_BLOCKS, tools: ['web_search', 'run_code'] });
  const tools = names(await all(letta.agents.tools.list(agent.id)));
  const code = await say(agent.id, 'What is 6 times 7? Compute it.');
  const search = await say(agent.id, 'Search the web for sea otters.');
  return { agent_tools: names(agent.tools), tools, code, search };
}

async function custom() {
  const tool = await letta.tools.create({ source_code: ROLL });
  const agent = await letta.agents.create({ ...MODEL, memory_blocks: MEMORY_BLOCKS });
  // a 1.x client gets no body back from attach, as from Letta: the agent's tools are read afterwards
  await letta.agents.tools.attach(tool.id, { agent_id: agent.id });
  const attached = await all(letta.agents.tools.list(agent.id));
  const response = await say(agent.id, 'Roll a d20 for me.');
  const history = await all(letta.agents.messages.list(agent.id, { order: 'asc' }));
  return { tool, agent_id: agent.id, attached_tools: names(attached), response, history };
}

async function mcp([url]) {
  const server = await letta.mcpServers.create({
    server_name: 'everything',
    config: { mcp_server_type: 'streamable_http', server_url: url },
  });
  const listed = await letta.mcpServers.tools.list(server.id);
  const echo = listed.find((t) => t.name === 'echo');
  if (!echo) throw new Error(`no echo tool among ${listed.map((t) => t.name)}`);
  const agent = await letta.agents.create({ ...MODEL, memory_blocks: MEMORY_BLOCKS });
  await letta.agents.tools.attach(echo.id, { agent_id: agent.id });
  const attached = await all(letta.agents.tools.list(agent.id));
  const response = await say(agent.id, 'Echo "otters hold hands" back to me.');
  return { server, tools: names(listed), echo, attached_tools: names(attached), response };
}

run(async ([phase, ...args]) => {
  switch (phase) {
    case 'builtins': return builtins();
    case 'custom': return custom();
    case 'mcp': return mcp(args);
    default: throw new Error(`unknown phase ${phase}`);
  }
});
