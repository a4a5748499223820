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
      `Deliveries to the webhook endpoint ${url} have failed since ${since}, so it has been disabled: nothing is sent to it until it is enabled again.`,
      '',
      `Last error: ${lastError}`,
      '',
      'When the receiver works again, enable the endpoint (updateWebhookEndpoint with enabled: true): the events waiting for it are sent then. Events whose retries ran out can be sent again with redeliverWebhook.',
    ],
  },
  it: {
    subject: (url) => `Endpoint webhook disattivato: ${url}`,
    body: (url, since, lastError) => [
      `Le consegne all'endpoint webhook ${url} non riescono dal ${since}: è stato disattivato e non gli viene inviato nulla finché non viene riattivato.`,
      '',
      `Ultimo errore: ${lastError}`,
      '',
      "Quando il ricevitore funziona di nuovo, riattivare l'endpoint (updateWebhookEndpoint con enabled: true): gli eventi in attesa vengono inviati allora. Quelli i cui tentativi sono esauriti si reinviano con redeliverWebhook.",
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
