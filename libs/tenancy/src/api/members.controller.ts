import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  Allow,
  Audit,
  Ctx,
  Idempotent,
  NoApiKeys,
  Page,
  PageQuery,
  RequestContext,
} from '@silkcart/shared';
import { AddMember } from '../application/add-member.use-case';
import { ChangeMemberRole } from '../application/change-member-role.use-case';
import { ListMembers } from '../application/list-members.use-case';
import { RemoveMember } from '../application/remove-member.use-case';
import { MemberPage, MemberView } from '../application/tenancy.views';
import { AddMemberDto, ChangeRoleDto } from './stores.dto';

@ApiTags('stores')
@ApiBearerAuth()
@ApiParam({ name: 'storeId', format: 'uuid' })
@Controller('stores/:storeId/members')
@NoApiKeys()
export class MembersController {
  constructor(
    private readonly listMembers: ListMembers,
    private readonly addMember: AddMember,
    private readonly changeRole: ChangeMemberRole,
    private readonly removeMember: RemoveMember,
  ) {}

  @Get()
  @Allow('store.read')
  @ApiResponse({ status: 200, type: MemberPage })
  list(@Ctx() ctx: RequestContext, @Query() query: PageQuery): Promise<Page<MemberView>> {
    return this.listMembers.execute(ctx, query);
  }

  @Post()
  @Allow('store.manage')
  @Idempotent()
  @Audit('member.added')
  @ApiResponse({ status: 201, type: MemberView })
  @ApiResponse({ status: 404, description: 'No registered user has this email' })
  @ApiResponse({ status: 409, description: 'Already a member' })
  add(@Ctx() ctx: RequestContext, @Body() dto: AddMemberDto): Promise<MemberView> {
    return this.addMember.execute(ctx, dto);
  }

  @Patch(':userId')
  @Allow('store.manage')
  @Audit('member.role_changed')
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiResponse({ status: 200, type: MemberView })
  @ApiResponse({ status: 409, description: 'Demoting the last StoreAdmin' })
  change(
    @Ctx() ctx: RequestContext,
    @Param('userId') userId: string,
    @Body() dto: ChangeRoleDto,
  ): Promise<MemberView> {
    return this.changeRole.execute(ctx, userId, dto.role);
  }

  @Delete(':userId')
  @HttpCode(204)
  @Allow('store.manage')
  @Audit('member.removed')
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 409, description: 'Removing the last StoreAdmin' })
  async remove(@Ctx() ctx: RequestContext, @Param('userId') userId: string): Promise<void> {
    await this.removeMember.execute(ctx, userId);
  }
}
