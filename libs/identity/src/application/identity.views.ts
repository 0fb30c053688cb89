import { ApiProperty } from '@nestjs/swagger';
import { AddressDto } from '@silkcart/shared';
import type { User } from '../domain/user';

/**
 * The shapes identity answers, declared once: use cases, the facade and the OpenAPI document
 * use these classes.
 */

export class UserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
}

export class TokenPairView {
  @ApiProperty({ type: UserView }) user: UserView;
  @ApiProperty() accessToken: string;
  @ApiProperty() refreshToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds the access token lives', example: 900 }) expiresIn: number;
}

export class ProfileView extends UserView {
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CustomerView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
}

export class CustomerTokenPairView {
  @ApiProperty({ type: CustomerView }) customer: CustomerView;
  @ApiProperty() accessToken: string;
  @ApiProperty() refreshToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds the access token lives', example: 900 }) expiresIn: number;
}

export class CustomerProfileView extends CustomerView {
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CustomerAddressView extends AddressDto {
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class CustomerAddressList {
  @ApiProperty({ type: [CustomerAddressView] }) items: CustomerAddressView[];
}

export function toUserView(user: User): UserView {
  return { id: user.id, email: user.email, name: user.name };
}

export function toProfileView(user: User): ProfileView {
  return { ...toUserView(user), createdAt: user.createdAt.toISOString() };
}
