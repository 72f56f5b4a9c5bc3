// `istio-kb serve`: the server's own entry point, which starts listening when imported.
export async function run(): Promise<void> {
  await import('../../main.ts');
}
