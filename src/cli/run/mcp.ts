// `istio-kb mcp`: the MCP server over stdio (see src/mcp/stdio.ts). Standard output is the protocol.
export async function run(): Promise<void> {
  const { serveMcpStdio } = await import('../../mcp/stdio.ts');
  await serveMcpStdio();
}
