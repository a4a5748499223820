import { formatDate, mailLanguage, type RenderedMail } from './language';

/** Invoice and payment e-mails, to the billing contact and invoice recipients in the account's language. */

const isItalian = (locale: string) => mailLanguage(locale) === 'it';

export function invoiceMail(p: {
  locale: string;
  vendorName: string;
  organisationName: string;
  invoiceNumber: string;
  invoiceId: string;
  total: string;
  dueDate: string;
  poNumber: string | null;
  link: string;
}): RenderedMail {
  const due = formatDate(p.dueDate, p.locale);
  const attachments = [{ source: 'invoice-pdf', ref: p.invoiceId, filename: `${p.invoiceNumber}.pdf` }];
  if (isItalian(p.locale))
    return {
      kind: 'invoice-issued',
      subject: `Fattura ${p.invoiceNumber} di ${p.vendorName}`,
      text: [
        'Gentile cliente,',
        '',
        `in allegato trova la fattura ${p.invoiceNumber} intestata a ${p.organisationName}.`,
        `Importo totale: ${p.total}`,
        `Scadenza: ${due}`,
        ...(p.poNumber ? [`Numero ordine d'acquisto: ${p.poNumber}`] : []),
        '',
        `Può vedere, stampare e pagare la fattura nel portale di fatturazione aziendale: ${p.link}`,
      ].join('\n'),
      attachments,
    };
  return {
    kind: 'invoice-issued',
    subject: `Invoice ${p.invoiceNumber} from ${p.vendorName}`,
    text: [
      'Hello,',
      '',
      `Attached is invoice ${p.invoiceNumber} for ${p.organisationName}.`,
      `Total: ${p.total}`,
      `Due date: ${due}`,
      ...(p.poNumber ? [`PO number: ${p.poNumber}`] : []),
      '',
      `You can view, print and pay it in the Corporate Billing Portal: ${p.link}`,
    ].join('\n'),
    attachments,
  };
}

export function paymentReceiptMail(p: {
  locale: string;
  organisationName: string;
  invoiceNumber: string;
  amount: string;
  balance: string;
  method: string;
  paidOn: string;
  link: string;
}): RenderedMail {
  const on = formatDate(p.paidOn, p.locale);
  if (isItalian(p.locale))
    return {
      kind: 'payment-receipt',
      subject: `Ricevuta di pagamento: fattura ${p.invoiceNumber}`,
      text: [
        'Gentile cliente,',
        '',
        `abbiamo ricevuto un pagamento di ${p.amount} per la fattura ${p.invoiceNumber} di ${p.organisationName}.`,
        `Metodo di pagamento: ${p.method}`,
        `Data: ${on}`,
        `Saldo residuo: ${p.balance}`,
        '',
        `Dettagli nel portale di fatturazione aziendale: ${p.link}`,
      ].join('\n'),
    };
  return {
    kind: 'payment-receipt',
    subject: `Payment receipt: invoice ${p.invoiceNumber}`,
    text: [
      'Hello,',
      '',
      `We received a payment of ${p.amount} for invoice ${p.invoiceNumber} of ${p.organisationName}.`,
      `Payment method: ${p.method}`,
      `Date: ${on}`,
      `Balance remaining: ${p.balance}`,
      '',
      `Details are in the Corporate Billing Portal: ${p.link}`,
    ].join('\n'),
  };
}
