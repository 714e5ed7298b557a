// Compiled by test/types.test.js against the built declarations: what a TypeScript user writes.
import {
  MudbaseApiError,
  MudbaseClient,
  MudbaseNetworkError,
  MudbaseTimeoutError,
  type EventType,
  type LogSecurityEventResponse,
  type SecurityEvent,
  type Severity,
  type VerifyEventResult,
} from "mudbase";

export async function documented(): Promise<LogSecurityEventResponse> {
  const client = new MudbaseClient();
  client.setJWT("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…");
  const result = await client.compliance.logSecurityEvent({
    eventType: "unauthorized_access_attempt", severity: "high",
    details: { userId: "usr_3HjF6SCqdOmxz6", resource: "alarm program", ipAddress: "2667 Beryl Passage" }
  });
  const id: string = result.eventId;
  void id;
  return result;
}

export async function everything(client: MudbaseClient): Promise<void> {
  const custom: EventType = "vault_unsealed";
  const severity: Severity = "critical";
  await client.compliance.logSecurityEvent({ eventType: custom, severity, details: { attempts: 3, locked: true } });
  const batch = await client.compliance.logSecurityEvents([{ eventType: "bulk_data_export", severity: "low" }]);
  const ids: string[] = batch.eventIds;
  const page = await client.compliance.listSecurityEvents({ eventType: ["brute_force_attempt"], from: new Date(), limit: 10 });
  const next: string | null = page.nextCursor;
  for await (const event of client.compliance.iterateSecurityEvents({ minSeverity: "high", order: "desc" })) {
    const e: SecurityEvent = event;
    void e.leafIndex;
  }
  const summary = await client.compliance.getSummary();
  void summary.data.ledger;
  const checkpoint = await client.ledger.getCheckpoint();
  const proof = await client.ledger.getProof(ids[0] ?? "", checkpoint.treeSize);
  void proof.leaf.details;
  const key = await client.ledger.getPublicKey();
  const verified: VerifyEventResult = await client.ledger.verifyEvent(ids[0] ?? "", { publicKey: key.publicKey });
  void verified.reason;
  const auth = await client.auth.login({ email: "a@example.com", password: "password" });
  void auth.user.orgId;
  void next;
  try {
    await client.auth.refresh();
  } catch (e) {
    if (e instanceof MudbaseApiError) void [e.status, e.code, e.details, e.requestId];
    else if (e instanceof MudbaseTimeoutError) void e.timeoutMs;
    else if (e instanceof MudbaseNetworkError) void e.url;
  }
}

export async function rejected(client: MudbaseClient): Promise<void> {
  await client.compliance.logSecurityEvent({
    eventType: "port index",
    // @ts-expect-error severity is one of low, medium, high, critical
    severity: "monitor generate",
    // @ts-expect-error details is an object
    details: "port override"
  });
  // @ts-expect-error eventType is required
  await client.compliance.logSecurityEvent({ severity: "low" });
  // @ts-expect-error detail values are flat
  await client.compliance.logSecurityEvent({ eventType: "x_y", severity: "low", details: { nested: { a: 1 } } });
}
