import { OutboxMessage } from './outbox.entity';

export { DEFAULT_MAIL_LOCALE, type RenderedMail } from './layout';
export { MailService } from './mail.service';
export const mailEntities = [OutboxMessage];
