import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../nag.js';

/** Cognito groups the API maps to roles (`shared/auth/principal.ts` reads `cognito:groups`). */
export const COGNITO_ROLE_GROUPS = ['customer', 'agent', 'admin'] as const;

/**
 * The Cognito user pool the API's JWT authorizer trusts (when no OIDC issuer is configured), its app client
 * and the role groups. It holds every user, so it lives in the stateful stack: deletion protection on and
 * retained on delete. The pool id (the token issuer) and the client id (the audience) never change while the
 * pool exists, so the stateless stack can be destroyed and redeployed without signing anyone out.
 */
export class UserDirectory extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      // Accounts are created by admins (README.md, "The first admin user"); nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      // The tenant a user belongs to; roles come from the groups below. Neither is writable by the user.
      customAttributes: { tenant: new cognito.StringAttribute({ minLen: 1, maxLen: 63, mutable: true }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeRule(
      this.userPool,
      'AwsSolutions-COG2',
      'Customers sign in to raise tickets; TOTP MFA is offered (optional) rather than forced on every customer.',
    );
    acknowledgeRule(
      this.userPool,
      'AwsSolutions-COG8',
      'The Plus feature plan (threat protection) is billed per monthly active user; operators who want it switch the pool to Plus. Sign-in is SRP or admin-initiated, accounts are created by admins only, and the API stage is throttled.',
    );
    for (const group of COGNITO_ROLE_GROUPS) {
      new cognito.CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
        description: `SLA Sentinel role ${group}`,
      });
    }
    this.client = this.userPool.addClient('ApiClient', {
      authFlows: { userSrp: true, adminUserPassword: true },
      // No hosted UI here: tokens come from SRP or admin-initiated sign-in. CDK otherwise turns on the
      // implicit and code grants with https://example.com as the callback, an open door nobody uses.
      disableOAuth: true,
      generateSecret: false,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      // Users may read their tenant but never change it (custom attributes are writable unless excluded).
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('tenant'),
      // Nor their email: a customer's email decides which tickets are theirs (shared/tickets/access.ts), so a
      // user who could set it could read anyone's tickets. Admins change it (AdminUpdateUserAttributes). The
      // display name is all a user may write.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });
  }
}
