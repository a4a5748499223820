/**
 * The e-mails the service sends, each in its reader's language (see
 * `mailLanguage`): Italian for it-*, English otherwise.
 */
export { DEFAULT_MAIL_LOCALE, formatDate, mailLanguage, type MailLanguage, type RenderedMail } from './language';
export {
  contactConfirmedMail,
  contactReplacedMail,
  invitationMail,
  passwordChangedMail,
  passwordResetMail,
} from './identity';
export { invoiceMail, paymentReceiptMail } from './invoices';
export { purchaseOrderExpiryMail } from './purchase-orders';
export { quoteDecidedMail, quoteSentMail, quoteWithdrawnMail } from './quotes';
export { requestFiledMail, requestUpdateMail, type RequestUpdate } from './requests';
