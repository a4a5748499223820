import { userStatusMachine } from '../../src/modules/identity/billing-user.state';
import { UserStatus } from '../../src/modules/identity/billing-user.entity';

describe('user status transitions', () => {
  it('allows only the table', () => {
    expect(userStatusMachine.can(UserStatus.INVITED, UserStatus.ACTIVE)).toBe(true);
    expect(userStatusMachine.can(UserStatus.ACTIVE, UserStatus.INVITED)).toBe(false);
    expect(() => userStatusMachine.assert(UserStatus.ACTIVE, UserStatus.INVITED)).toThrow(
      expect.objectContaining({ code: 'INVALID_USER_STATUS' }),
    );
    expect(userStatusMachine.sourcesOf(UserStatus.DISABLED).sort()).toEqual([UserStatus.ACTIVE, UserStatus.INVITED]);
  });
});
