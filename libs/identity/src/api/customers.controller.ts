import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import {
  AddressDto,
  Ctx,
  CustomerOnly,
  IdParam,
  RequestContext,
  Storefront,
} from '@silkcart/shared';
import {
  CustomerAddresses,
  CustomerSignIn,
  GetCustomerProfile,
  RefreshCustomerTokens,
  RegisterCustomer,
  RequestCustomerPasswordReset,
  ResetCustomerPassword,
  UpdateCustomerProfile,
} from '../application/customer.use-cases';
import {
  CustomerAddressList,
  CustomerAddressView,
  CustomerProfileView,
  CustomerTokenPairView,
} from '../application/identity.views';
import {
  ForgotPasswordDto,
  RefreshDto,
  RegisterDto,
  ResetPasswordDto,
  SignInDto,
  UpdateProfileDto,
} from './auth.dto';

/**
 * Shoppers' accounts in one store, as /auth/* is for merchants: their own passwords and
 * tokens (an access token names its store and is refused anywhere else).
 */
@ApiTags('customers')
@ApiParam({ name: 'storeSlug' })
@Controller('catalog/:storeSlug/customers')
export class CustomersController {
  constructor(
    private readonly registerCustomer: RegisterCustomer,
    private readonly signIn: CustomerSignIn,
    private readonly refreshTokens: RefreshCustomerTokens,
    private readonly requestReset: RequestCustomerPasswordReset,
    private readonly resetPassword: ResetCustomerPassword,
    private readonly getProfile: GetCustomerProfile,
    private readonly updateProfile: UpdateCustomerProfile,
    private readonly addresses: CustomerAddresses,
  ) {}

  @Post()
  @Storefront()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Open a customer account in this store and sign in' })
  @ApiResponse({ status: 201, type: CustomerTokenPairView })
  @ApiResponse({ status: 409, description: 'Email taken in this store' })
  register(@Ctx() ctx: RequestContext, @Body() dto: RegisterDto): Promise<CustomerTokenPairView> {
    return this.registerCustomer.execute(ctx, dto);
  }

  @Post('token')
  @HttpCode(200)
  @Storefront()
  @UseGuards(ThrottlerGuard)
  @ApiResponse({ status: 200, type: CustomerTokenPairView })
  @ApiResponse({ status: 401, description: 'Wrong email or password (same answer for both)' })
  token(@Ctx() ctx: RequestContext, @Body() dto: SignInDto): Promise<CustomerTokenPairView> {
    return this.signIn.execute(ctx, dto);
  }

  @Post('refresh')
  @HttpCode(200)
  @Storefront()
  @UseGuards(ThrottlerGuard)
  @ApiResponse({ status: 200, type: CustomerTokenPairView })
  @ApiResponse({
    status: 401,
    description: 'Unknown, expired or spent (the login is then revoked)',
  })
  refresh(@Ctx() ctx: RequestContext, @Body() dto: RefreshDto): Promise<CustomerTokenPairView> {
    return this.refreshTokens.execute(ctx, dto);
  }

  @Post('password/forgot')
  @HttpCode(202)
  @Storefront()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Email a single-use reset token (valid 1 h); always 202' })
  @ApiResponse({ status: 202 })
  async forgot(
    @Ctx() ctx: RequestContext,
    @Param('storeSlug') storeSlug: string,
    @Body() dto: ForgotPasswordDto,
  ): Promise<void> {
    await this.requestReset.execute(ctx, { email: dto.email, storeSlug });
  }

  @Post('password/reset')
  @HttpCode(204)
  @Storefront()
  @UseGuards(ThrottlerGuard)
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 400, description: 'Used, expired or unknown token' })
  async reset(@Ctx() ctx: RequestContext, @Body() dto: ResetPasswordDto): Promise<void> {
    await this.resetPassword.execute(ctx, dto);
  }

  @Get('me')
  @CustomerOnly()
  @ApiBearerAuth()
  @ApiResponse({ status: 200, type: CustomerProfileView })
  me(@Ctx() ctx: RequestContext): Promise<CustomerProfileView> {
    return this.getProfile.execute(ctx);
  }

  @Patch('me')
  @CustomerOnly()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Rename, or change the password (needs currentPassword)' })
  @ApiResponse({ status: 200, type: CustomerProfileView })
  @ApiResponse({ status: 400, description: 'currentPassword missing or wrong' })
  patchMe(@Ctx() ctx: RequestContext, @Body() dto: UpdateProfileDto): Promise<CustomerProfileView> {
    return this.updateProfile.execute(ctx, dto);
  }

  @Get('me/addresses')
  @CustomerOnly()
  @ApiBearerAuth()
  @ApiResponse({ status: 200, type: CustomerAddressList })
  listAddresses(@Ctx() ctx: RequestContext): Promise<CustomerAddressList> {
    return this.addresses.list(ctx) as Promise<CustomerAddressList>;
  }

  @Post('me/addresses')
  @CustomerOnly()
  @ApiBearerAuth()
  @ApiResponse({ status: 201, type: CustomerAddressView })
  addAddress(@Ctx() ctx: RequestContext, @Body() dto: AddressDto): Promise<CustomerAddressView> {
    return this.addresses.add(ctx, dto);
  }

  @Delete('me/addresses/:addressId')
  @HttpCode(204)
  @CustomerOnly()
  @ApiBearerAuth()
  @ApiParam({ name: 'addressId', format: 'uuid' })
  @ApiResponse({ status: 204 })
  async removeAddress(
    @Ctx() ctx: RequestContext,
    @Param('addressId', IdParam) id: string,
  ): Promise<void> {
    await this.addresses.remove(ctx, id);
  }
}
