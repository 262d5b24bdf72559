/**
 * A partner's application, as the fault tests run it (a real process, SIGKILLed in turn with the
 * rest): the partner SDK with the partner's credentials, and the pattern the README recommends —
 * record the event in your own database keyed by its CloudEvent id, then ack. A redelivery (after
 * a kill, a lost ack, a replay) finds the row and only bumps `deliveries`: applied once.
 *
 *   PARTNER_CREDENTIALS=<file> PARTNER_DATABASE_URL=<postgres url> [PARTNER_ACK_DELAY_MS=5] node infra/src/faults/partner-app.ts
 */
import postgres from 'postgres';
import { connectPartner } from '@sanshe/partner-sdk';

const credentials = process.env.PARTNER_CREDENTIALS;
// Fault injection: time between recording an event and acking it (a partner slow to ack), so a
// SIGKILL finds recorded-but-unacknowledged events that must come again and be absorbed.
const ackDelayMs = Number(process.env.PARTNER_ACK_DELAY_MS ?? 0);
const databaseUrl = process.env.PARTNER_DATABASE_URL;
if (!credentials || !databaseUrl) {
  console.error('PARTNER_CREDENTIALS and PARTNER_DATABASE_URL are required');
  process.exit(2);
}


const sql = postgres(databaseUrl, { max: 4, onnotice: () => {} });
await sql`
  create table if not exists partner_received (
    event_id uuid primary key,
    type text not null,
    subject text not null,
    stream_seq bigint not null,
    deliveries integer not null default 1,
    first_at timestamptz not null default now()
  )`;

const client = await connectPartner({ credentials, name: 'faults-partner-app' });
const consuming = client.consume(
  async (event, delivery) => {
    await sql`
      insert into partner_received (event_id, type, subject, stream_seq)
      values (${event.id}, ${event.type}, ${event.subject}, ${delivery.streamSequence})
      on conflict (event_id) do update set deliveries = partner_received.deliveries + 1`;
    if (ackDelayMs > 0) await new Promise((r) => setTimeout(r, ackDelayMs));
  },
  { batch: 256, expiresMs: 5000, retryDelayMs: () => 500, onError: (error) => console.error(`handler failed: ${String(error)}`) },
);
console.log(JSON.stringify({ msg: 'partner app consuming', partner: client.partnerId }));

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await consuming.stop();
  await client.close();
  await sql.end({ timeout: 2 });
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
