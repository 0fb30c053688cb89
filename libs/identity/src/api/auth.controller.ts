import { Body, Controller, Get, HttpCode, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Authenticated, Ctx, Public, RequestContext } from '@silkcart/shared';
import { RequestPasswordReset, ResetPassword } from '../application/password-reset.use-cases';
import { ProfileView, TokenPairView } from '../application/identity.views';
import { GetProfile, UpdateProfile } from '../application/profile.use-cases';
import { RefreshTokens } from '../application/refresh-tokens.use-case';
import { RegisterUser } from '../application/register-user.use-case';
import { SignIn } from '../application/sign-in.use-case';
import { SignOut } from '../application/sign-out.use-case';
import {
  ForgotPasswordDto,
  RefreshDto,
  RegisterDto,
  ResetPasswordDto,
  SignInDto,
  UpdateProfileDto,
} from './auth.dto';

@ApiTags('identity')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly registerUser: RegisterUser,
    private readonly signIn: SignIn,
    private readonly refreshTokens: RefreshTokens,
    private readonly signOut: SignOut,
    private readonly getProfile: GetProfile,
    private readonly updateProfile: UpdateProfile,
    private readonly requestReset: RequestPasswordReset,
    private readonly resetPassword: ResetPassword,
  ) {}

  @Post('register')
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Create an account and sign in' })
  @ApiResponse({ status: 201, type: TokenPairView })
  @ApiResponse({ status: 409, description: 'Email taken' })
  register(@Ctx() ctx: RequestContext, @Body() dto: RegisterDto): Promise<TokenPairView> {
    return this.registerUser.execute(ctx, dto);
  }

  @Post('token')
  @HttpCode(200)
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiResponse({ status: 200, type: TokenPairView })
  @ApiResponse({ status: 401, description: 'Wrong email or password (same answer for both)' })
  token(@Ctx() ctx: RequestContext, @Body() dto: SignInDto): Promise<TokenPairView> {
    return this.signIn.execute(ctx, dto);
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Rotate a refresh token for a new pair' })
  @ApiResponse({ status: 200, type: TokenPairView })
  @ApiResponse({
    status: 401,
    description: 'Unknown, expired or spent (the login is then revoked)',
  })
  refresh(@Ctx() ctx: RequestContext, @Body() dto: RefreshDto): Promise<TokenPairView> {
    return this.refreshTokens.execute(ctx, dto);
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  @UseGuards(ThrottlerGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: "Revoke the refresh tokens of the token's login" })
  @ApiResponse({ status: 204 })
  async logout(@Ctx() ctx: RequestContext, @Body() dto: RefreshDto): Promise<void> {
    await this.signOut.execute(ctx, dto);
  }

  @Get('profile')
  @Authenticated()
  @ApiBearerAuth()
  @ApiResponse({ status: 200, type: ProfileView })
  profile(@Ctx() ctx: RequestContext): Promise<ProfileView> {
    return this.getProfile.execute(ctx);
  }

  @Patch('profile')
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Rename, or change the password (needs currentPassword)' })
  @ApiResponse({ status: 200, type: ProfileView })
  @ApiResponse({ status: 400, description: 'currentPassword missing or wrong' })
  patchProfile(@Ctx() ctx: RequestContext, @Body() dto: UpdateProfileDto): Promise<ProfileView> {
    return this.updateProfile.execute(ctx, dto);
  }

  @Post('password/forgot')
  @HttpCode(202)
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Email a single-use reset token (valid 1 h); always 202' })
  @ApiResponse({ status: 202 })
  async forgot(@Ctx() ctx: RequestContext, @Body() dto: ForgotPasswordDto): Promise<void> {
    await this.requestReset.execute(ctx, dto);
  }

  @Post('password/reset')
  @HttpCode(204)
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Set a new password with a reset token; signs out everywhere' })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 400, description: 'Used or expired token' })
  async reset(@Ctx() ctx: RequestContext, @Body() dto: ResetPasswordDto): Promise<void> {
    await this.resetPassword.execute(ctx, dto);
  }
}
