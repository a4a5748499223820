import { useMe } from './me';

export type PortalRole = 'ADMIN' | 'PAYER' | 'VIEWER';

/**
 * What the logged-in user's portal role lets them do, as the service decides
 * it (a user without a role counts as a VIEWER there too): an ADMIN manages
 * everything, a PAYER pays and keeps the payment methods, a VIEWER views and
 * downloads. The pages hide what the role may not do; the service refuses it.
 */
export function useRole(): { role: PortalRole; manage: boolean; pay: boolean } {
  const { data } = useMe();
  const role: PortalRole = data?.me.portalRole ?? 'VIEWER';
  return { role, manage: role === 'ADMIN', pay: role === 'ADMIN' || role === 'PAYER' };
}
