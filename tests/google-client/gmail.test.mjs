// Runs Google's official Node client (@googleapis/gmail) against the Nudge Gmail sandbox, changing nothing but
// its root URL and its access token: if the sandbox's wire format strays from Gmail's, this client notices.
//
//   SANDBOX_BASE_URL=http://127.0.0.1:PORT/ SANDBOX_ACCESS_TOKEN=ya29.… node --test gmail.test.mjs
//
// tests/Nudge.IntegrationTests/Sandbox/GoogleNodeClientTests.cs starts a sandbox and runs this file.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { auth, gmail } from '@googleapis/gmail';

const baseUrl = process.env.SANDBOX_BASE_URL;
const accessToken = process.env.SANDBOX_ACCESS_TOKEN;
if (!baseUrl || !accessToken) {
  throw new Error('Set SANDBOX_BASE_URL and SANDBOX_ACCESS_TOKEN (see the comment at the top of this file).');
}

// auth.OAuth2 is google-auth-library's OAuth2Client, as re-exported by @googleapis/gmail.
const oauth = new auth.OAuth2();
oauth.setCredentials({ access_token: accessToken });
const client = gmail({ version: 'v1', rootUrl: baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`, auth: oauth });

let me;

function raw({ from, to, subject, body = 'Hello from the Google Node client.', headers = {} }) {
  const lines = [
    `From: ${from}`,
    `To: ${to}`,
    `Subject: ${subject}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset="UTF-8"',
    '',
    body,
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8').toString('base64url');
}

function header(message, name) {
  const found = (message.payload?.headers ?? []).find((h) => h.name.toLowerCase() === name.toLowerCase());
  return found?.value;
}

async function send(subject, extra = {}) {
  const res = await client.users.messages.send({
    userId: 'me',
    requestBody: { raw: raw({ from: me, to: 'pat@example.org', subject, ...extra }), threadId: extra.threadId },
  });
  assert.equal(res.status, 200);
  return res.data;
}

test('getProfile returns the mailbox', async () => {
  const res = await client.users.getProfile({ userId: 'me' });
  assert.equal(res.status, 200);
  me = res.data.emailAddress;
  assert.match(me, /@/);
  assert.match(res.data.historyId, /^\d+$/);
});

test('messages.send returns id, threadId and SENT', async () => {
  const sent = await send(`Intro ${randomUUID()}`);
  assert.match(sent.id, /^[0-9a-f]{16}$/);
  assert.equal(sent.threadId, sent.id);
  assert.ok(sent.labelIds.includes('SENT'));
});

test('a reply with threadId, In-Reply-To, References and the same subject joins the thread', async () => {
  const subject = `Proposal ${randomUUID()}`;
  const parent = await send(subject);
  const meta = await client.users.messages.get({
    userId: 'me', id: parent.id, format: 'metadata', metadataHeaders: ['Message-ID'],
  });
  const messageId = header(meta.data, 'Message-ID');
  assert.match(messageId, /^<.+@.+>$/);

  const reply = await send(`Re: ${subject}`, {
    threadId: parent.threadId,
    headers: { 'In-Reply-To': messageId, References: messageId },
  });
  assert.equal(reply.threadId, parent.threadId);

  const thread = await client.users.threads.get({ userId: 'me', id: parent.threadId, format: 'minimal' });
  assert.deepEqual(thread.data.messages.map((m) => m.id), [parent.id, reply.id]);
});

test('messages.get with format=metadata returns only the asked headers', async () => {
  const subject = `Metadata ${randomUUID()}`;
  const sent = await send(subject);
  const res = await client.users.messages.get({
    userId: 'me', id: sent.id, format: 'metadata', metadataHeaders: ['Subject', 'To'],
  });
  assert.equal(res.data.id, sent.id);
  assert.equal(res.data.threadId, sent.threadId);
  assert.match(res.data.internalDate, /^\d+$/);
  assert.deepEqual(res.data.payload.headers.map((h) => h.name).sort(), ['Subject', 'To']);
  assert.equal(header(res.data, 'Subject'), subject);
  assert.equal(res.data.payload.body, undefined);
});

test('messages.list with q finds the message by subject', async () => {
  const token = randomUUID().replaceAll('-', '');
  const sent = await send(`Findme ${token}`);
  await send(`Other ${randomUUID()}`);
  const res = await client.users.messages.list({ userId: 'me', q: `subject:${token}` });
  assert.deepEqual(res.data.messages, [{ id: sent.id, threadId: sent.threadId }]);
  assert.equal(res.data.resultSizeEstimate, 1);
});

test('messages.import stores an incoming message in INBOX, UNREAD', async () => {
  const subject = `Imported ${randomUUID()}`;
  const res = await client.users.messages.import({
    userId: 'me',
    requestBody: {
      raw: raw({ from: 'Pat <pat@example.org>', to: me, subject, headers: { Date: 'Mon, 2 Mar 2026 09:00:00 +0000' } }),
    },
  });
  assert.equal(res.status, 200);
  assert.deepEqual([...res.data.labelIds].sort(), ['INBOX', 'UNREAD']);
  const full = await client.users.messages.get({ userId: 'me', id: res.data.id });
  assert.equal(header(full.data, 'Subject'), subject);
  assert.equal(full.data.internalDate, String(Date.parse('2026-03-02T09:00:00Z')));
});

test('history.list after a send reports the message as added', async () => {
  const profile = await client.users.getProfile({ userId: 'me' });
  const sent = await send(`History ${randomUUID()}`);
  const res = await client.users.history.list({
    userId: 'me', startHistoryId: profile.data.historyId, historyTypes: ['messageAdded'],
  });
  const added = (res.data.history ?? []).flatMap((h) => h.messagesAdded ?? []).map((a) => a.message.id);
  assert.ok(added.includes(sent.id), `history ${JSON.stringify(res.data)} lacks ${sent.id}`);
  assert.ok(BigInt(res.data.historyId) > BigInt(profile.data.historyId));
});

test('drafts create, get, list and send', async () => {
  const subject = `Draft ${randomUUID()}`;
  const created = await client.users.drafts.create({
    userId: 'me',
    requestBody: { message: { raw: raw({ from: me, to: 'pat@example.org', subject }) } },
  });
  assert.equal(created.status, 200);
  const draftId = created.data.id;
  assert.ok(draftId);
  assert.ok(created.data.message.id);

  const got = await client.users.drafts.get({ userId: 'me', id: draftId, format: 'metadata' });
  assert.equal(got.data.id, draftId);
  assert.ok(got.data.message.labelIds.includes('DRAFT'));
  assert.equal(header(got.data.message, 'Subject'), subject);

  const listed = await client.users.drafts.list({ userId: 'me' });
  assert.ok(listed.data.drafts.some((d) => d.id === draftId));

  const sent = await client.users.drafts.send({ userId: 'me', requestBody: { id: draftId } });
  assert.equal(sent.status, 200);
  assert.ok(sent.data.labelIds.includes('SENT'));

  const after = await client.users.drafts.list({ userId: 'me' });
  assert.ok(!(after.data.drafts ?? []).some((d) => d.id === draftId));
});

test('errors come back as the client expects: 404 for an unknown message', async () => {
  await assert.rejects(
    client.users.messages.get({ userId: 'me', id: 'ffffffffffffffff' }),
    (error) => error.status === 404 && error.message === 'Requested entity was not found.',
  );
});
