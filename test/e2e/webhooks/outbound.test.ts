import { createServer } from 'node:net';
import { gql } from '@apollo/client';
import { Role } from '../../../src/common/roles';
import { systemContext } from '../../../src/context';
import { sendAttempt } from '../../../src/modules/webhooks/webhook-sender';
import { codeOf, type TestClient } from '../../helpers/client';
import { startTestServer, type TestServer } from '../../helpers/server';
import { WebhookReceiver } from '../../helpers/webhook-receiver';

const CREATE = gql`
  mutation CreateEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      secret
    }
  }
`;
const UPDATE = gql`
  mutation UpdateEndpoint($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) {
      url
    }
  }
`;
const ENDPOINTS = gql`
  query Endpoints {
    webhookEndpoints {
      id
      url
    }
  }
`;

/**
 * Outbound requests cannot be turned against our own network: with the
 * defaults (no WEBHOOK_ALLOW_PRIVATE_NETWORKS, no WEBHOOK_ALLOW_HTTP) every
 * such URL is refused with WEBHOOK_URL_REFUSED and nothing is stored.
 */
let t: TestServer;
let cas: TestClient;
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = new WebhookReceiver();
  await receiver.start();
  t = await startTestServer();
  cas = await t.loginAs(await t.user(Role.ACCOUNT_SERVICES));
});
afterAll(async () => {
  await t?.stop();
  await receiver?.stop();
});

const port = () => new URL(receiver.url).port;

describe('endpoint URLs', () => {
  it.each([
    ['plain http', () => `http://hooks.example.com/billing`, 'https'],
    ['loopback', () => `https://127.0.0.1:${port()}/hooks`, 'loopback'],
    ['localhost', () => `https://localhost:${port()}/hooks`, 'loopback'],
    ['IPv6 loopback', () => `https://[::1]:${port()}/hooks`, 'loopback'],
    ['loopback written as IPv6', () => `https://[::ffff:127.0.0.1]/hooks`, 'loopback'],
    ['the metadata address written as IPv4-compatible IPv6', () => `https://[::169.254.169.254]/hooks`, 'linkLocal'],
    ['a private network', () => 'https://10.1.2.3/hooks', 'private'],
    ['another private network', () => 'https://192.168.1.20/hooks', 'private'],
    ['the cloud metadata address', () => 'https://169.254.169.254/latest/meta-data', 'linkLocal'],
    ['a unique-local IPv6 address', () => 'https://[fd00::1]/hooks', 'uniqueLocal'],
    ['the unspecified address', () => 'https://0.0.0.0/hooks', 'unspecified'],
    ['credentials in the URL', () => 'https://user:secret@hooks.example.com/billing', 'password'],
    ['no URL at all', () => 'hooks.example.com/billing', 'absolute'],
    ['another scheme', () => 'ftp://hooks.example.com/billing', 'https'],
  ])('refuses %s', async (_what, url, says) => {
    const r = await cas.mutate(CREATE, { input: { url: url(), events: ['invoice.paid'] } });
    expect(codeOf(r)).toBe('WEBHOOK_URL_REFUSED');
    expect(r.errors[0].extensions?.field).toBe('url');
    expect(r.errors[0].message).toContain(says);
    expect((await cas.query(ENDPOINTS)).data.webhookEndpoints).toEqual([]);
    expect(receiver.received).toEqual([]);
  });

  it('refuses a private address when an endpoint is changed too', async () => {
    const { endpoint } = await t.app.services.webhooks.create(systemContext(t.app.services), {
      url: 'https://93.184.215.14/hooks',
      events: ['invoice.paid'],
      description: '',
    });
    const r = await cas.mutate(UPDATE, { input: { id: endpoint.id, url: 'https://10.0.0.8/hooks' } });
    expect(codeOf(r)).toBe('WEBHOOK_URL_REFUSED');
    expect((await cas.query(ENDPOINTS)).data.webhookEndpoints).toEqual([
      { id: endpoint.id, url: 'https://93.184.215.14/hooks' },
    ]);
  });

  it('are checked again at every attempt: a stored URL that now points inside is not called', async () => {
    const config = { ...t.app.config.webhooks, allowHttp: true };
    for (const url of [`http://127.0.0.1:${port()}/late`, `http://localhost:${port()}/late`])
      expect(await sendAttempt(url, {}, '{}', config)).toMatchObject({
        result: 'final',
        error: expect.stringContaining('loopback'),
      });
    expect(receiver.received).toEqual([]);
    // The same call with private networks allowed reaches the receiver: the refusal was the check's.
    expect(await sendAttempt(`${receiver.url}/late`, {}, '{}', { ...config, allowPrivateNetworks: true })).toEqual({
      result: 'delivered',
      status: 204,
    });
    expect(receiver.at('/late')).toHaveLength(1);
  });

  it('end an attempt whose endpoint breaks off or stalls mid-answer, as a retry within the timeout', async () => {
    // One server that sends a status line and headers, then drops the connection; one that then says nothing.
    const sockets = new Set<import('node:net').Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.once('data', () => {
        socket.write('HTTP/1.1 500 Internal Server Error\r\ncontent-length: 1000\r\n\r\npartial');
        if (server.listening && socket.localPort && dropping) socket.destroy();
      });
    });
    let dropping = true;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}/x`;
    const config = { ...t.app.config.webhooks, allowHttp: true, allowPrivateNetworks: true, timeoutMs: 1500 };
    try {
      expect(await sendAttempt(url, {}, '{}', config)).toMatchObject({ result: 'retry' });
      dropping = false;
      expect(await sendAttempt(url, {}, '{}', config)).toMatchObject({ result: 'retry' });
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
