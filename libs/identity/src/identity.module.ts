import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig, RedisThrottlerStorage } from '@silkcart/shared';
import { AuthController } from './api/auth.controller';
import { IdentityFacade } from './application/identity.facade';
import { RequestPasswordReset, ResetPassword } from './application/password-reset.use-cases';
import { GetProfile, UpdateProfile } from './application/profile.use-cases';
import { RefreshTokens } from './application/refresh-tokens.use-case';
import { RegisterUser } from './application/register-user.use-case';
import { SignIn } from './application/sign-in.use-case';
import { SignOut } from './application/sign-out.use-case';
import { TokenIssuer } from './application/token-issuer';
import { JwtStrategy } from './infrastructure/jwt.strategy';
import { Secrets } from './infrastructure/secrets';
import { TokenRepository } from './infrastructure/token.repository';
import { RefreshTokenSchema, UserSchema } from './infrastructure/user.schema';
import { UserRepository } from './infrastructure/user.repository';
import { CustomersController } from './api/customers.controller';
import {
  CustomerAddresses,
  CustomerSignIn,
  CustomerTokens,
  GetCustomerProfile,
  RefreshCustomerTokens,
  RegisterCustomer,
  RequestCustomerPasswordReset,
  ResetCustomerPassword,
  UpdateCustomerProfile,
} from './application/customer.use-cases';
import { CustomerRepository } from './infrastructure/customer.repository';
import { CustomerExportRepository } from './infrastructure/customer-export.repository';

/** Accounts, passwords and tokens. Other contexts use IdentityFacade. */
@Module({
  imports: [
    TypeOrmModule.forFeature([UserSchema, RefreshTokenSchema]),
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret }),
    }),
    // /auth/* POSTs: AUTH_RATE_LIMIT requests a minute per client IP and route.
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.authRateLimit }],
        storage: config.redisUrl
          ? new RedisThrottlerStorage(config.redisUrl, config.jobs.queuePrefix)
          : undefined,
      }),
    }),
  ],
  controllers: [AuthController, CustomersController],
  providers: [
    UserRepository,
    TokenRepository,
    Secrets,
    JwtStrategy,
    TokenIssuer,
    RegisterUser,
    SignIn,
    RefreshTokens,
    SignOut,
    GetProfile,
    UpdateProfile,
    RequestPasswordReset,
    ResetPassword,
    IdentityFacade,
    CustomerExportRepository,
    CustomerRepository,
    CustomerTokens,
    RegisterCustomer,
    CustomerSignIn,
    RefreshCustomerTokens,
    RequestCustomerPasswordReset,
    ResetCustomerPassword,
    GetCustomerProfile,
    UpdateCustomerProfile,
    CustomerAddresses,
  ],
  exports: [IdentityFacade],
})
export class IdentityModule {}
