import { OutboxMessage } from './outbox.entity';

export { MailService } from './mail.service';
export const mailEntities = [OutboxMessage];
