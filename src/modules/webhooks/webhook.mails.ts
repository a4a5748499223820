import { pickLanguage, type Language } from '../../common/locale-format';
import { renderMail, type RenderedMail } from '../../mail/layout';

/** The notice to account services that an endpoint kept failing and was disabled. */
const TEXTS: Record<
  Language,
  {
    subject: (url: string) => string;
    body: (url: string, since: string, lastError: string) => string[];
  }
> = {
  en: {
    subject: (url) => `Webhook endpoint disabled: ${url}`,
    body: (url, since, lastError) => [
      `Deliveries to the webhook endpoint ${url} have failed since ${since}, so it has been disabled and nothing more is sent to it.`,
      '',
      `Last error: ${lastError}`,
      '',
      'When the receiver works again, enable the endpoint (updateWebhookEndpoint with enabled: true) and redeliver what it missed (redeliverWebhook).',
    ],
  },
  it: {
    subject: (url) => `Endpoint webhook disattivato: ${url}`,
    body: (url, since, lastError) => [
      `Le consegne all'endpoint webhook ${url} non riescono dal ${since}: è stato disattivato e non gli viene più inviato nulla.`,
      '',
      `Ultimo errore: ${lastError}`,
      '',
      "Quando il ricevitore funziona di nuovo, riattivare l'endpoint (updateWebhookEndpoint con enabled: true) e reinviare ciò che ha perso (redeliverWebhook).",
    ],
  },
};

export function endpointDisabledMail(p: { locale: string; url: string; since: Date; lastError: string }): RenderedMail {
  const t = TEXTS[pickLanguage(p.locale)];
  return renderMail(p.locale, {
    kind: 'webhook-endpoint-disabled',
    subject: t.subject(p.url.length > 150 ? `${p.url.slice(0, 149)}…` : p.url),
    greeting: null,
    body: t.body(p.url, `${p.since.toISOString().slice(0, 16).replace('T', ' ')} UTC`, p.lastError),
  });
}
