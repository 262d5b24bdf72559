#!/usr/bin/env node
/**
 * sanshe-partner — what a partner agency runs with nothing but its credentials file.
 *
 *   sanshe-partner tail   [--credentials <file>] [--max <n>] [--idle-exit <s>] [--pretty]
 *       Prints this partner's events as JSON lines (one CloudEvent per line, with its stream
 *       sequence and delivery count) and acknowledges each once it is written out. Runs until
 *       Ctrl-C, --max events, or --idle-exit seconds without one.
 *   sanshe-partner replay (--since <ISO time> | --seq <n>) [--credentials <file>] [--tail …]
 *       Asks the platform to restart this partner's consumer from that point (the platform checks
 *       the request and may refuse it), then, with --tail, prints the events again.
 *   sanshe-partner status [--credentials <file>]
 *       Pending, in-flight and redelivered counts of this partner's consumer.
 *
 * Credentials: --credentials, else $SANSHE_PARTNER_CREDENTIALS, else ./sanshe-partner.json.
 */
import { parseArgs } from 'node:util';
import { connectPartner, type Delivery } from './client.ts';

const USAGE = `usage:
  sanshe-partner tail   [--credentials <file>] [--max <n>] [--idle-exit <seconds>] [--pretty]
  sanshe-partner replay (--since <ISO time> | --seq <n>) [--credentials <file>] [--tail [--max <n>] [--idle-exit <s>] [--pretty]]
  sanshe-partner status [--credentials <file>]`;

function fail(message: string): never {
  process.stderr.write(`sanshe-partner: ${message}\n`);
  process.exit(2);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        credentials: { type: 'string' },
        max: { type: 'string' },
        'idle-exit': { type: 'string' },
        pretty: { type: 'boolean', default: false },
        since: { type: 'string' },
        seq: { type: 'string' },
        tail: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
})();

const command = positionals[0];
if (values.help || !command) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(values.help ? 0 : 2);
}

const credentialsPath = values.credentials ?? process.env.SANSHE_PARTNER_CREDENTIALS ?? 'sanshe-partner.json';
const positive = (name: string, raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) fail(`--${name} must be a positive number`);
  return n;
};
const max = positive('max', values.max);
const idleExit = positive('idle-exit', values['idle-exit']);

function line(delivery: Delivery): string {
  if (values.pretty) {
    const e = delivery.event;
    const again = delivery.redelivered ? ` (delivery ${delivery.deliveryCount})` : '';
    return `#${delivery.streamSequence} ${e.time} ${e.type} subject=${e.subject} id=${e.id}${again}\n  ${JSON.stringify(e.data)}\n`;
  }
  return `${JSON.stringify({ seq: delivery.streamSequence, deliveries: delivery.deliveryCount, event: delivery.event })}\n`;
}

function write(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}

async function tail(client: Awaited<ReturnType<typeof connectPartner>>): Promise<number> {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  let idleTimer: NodeJS.Timeout | undefined;
  const armIdle = () => {
    if (idleExit === undefined) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => controller.abort(), idleExit * 1000);
  };
  armIdle();
  let count = 0;
  for await (const delivery of client.deliveries({
    signal: controller.signal,
    expiresMs: 5000,
    onInvalid: (invalid) => process.stderr.write(`terminated #${invalid.streamSequence} (${invalid.subject}): ${invalid.error.message}\n`),
  })) {
    armIdle();
    await write(line(delivery));
    await delivery.ack();
    count += 1;
    if (max !== undefined && count >= max) break;
  }
  clearTimeout(idleTimer);
  return count;
}

const client = await connectPartner({ credentials: credentialsPath }).catch((error: Error) => fail(error.message));
let exitCode = 0;
try {
  switch (command) {
    case 'tail': {
      const count = await tail(client);
      process.stderr.write(`${count} event(s)\n`);
      break;
    }
    case 'replay': {
      if ((values.since === undefined) === (values.seq === undefined)) fail('replay needs --since <ISO time> or --seq <n>');
      const reply = await client.requestReplay(values.since !== undefined ? { since: values.since } : { seq: Number(values.seq) });
      if (!reply.ok) {
        process.stderr.write(`replay refused: ${reply.error}\n`);
        exitCode = 1;
        break;
      }
      process.stderr.write(`replaying from ${reply.from}: ${reply.pending} event(s) pending\n`);
      if (values.tail) {
        const count = await tail(client);
        process.stderr.write(`${count} event(s)\n`);
      }
      break;
    }
    case 'status': {
      await write(`${JSON.stringify({ partner: client.partnerId, ...(await client.state()) })}\n`);
      break;
    }
    default:
      fail(`unknown command ${command}\n${USAGE}`);
  }
} catch (error) {
  process.stderr.write(`sanshe-partner: ${(error as Error).message}\n`);
  exitCode = 1;
} finally {
  await client.close();
}
process.exit(exitCode);
