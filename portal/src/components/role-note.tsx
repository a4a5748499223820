import { useRole } from '../api/role';
import { useT } from '../i18n/i18n';

/** Where the page leaves out what the user's portal role may not do: what the role does let them do. */
export function RoleNote() {
  const t = useT();
  const { role } = useRole();
  if (role === 'ADMIN') return null;
  return <p className="role-note">{t(`role.note.${role}`, { role: t(`portalRole.${role}`) })}</p>;
}
