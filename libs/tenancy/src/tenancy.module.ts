import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@silkcart/identity';
import { ApiKeysController } from './api/api-keys.controller';
import { AuditLogController } from './api/audit-log.controller';
import { DomainsController } from './api/domains.controller';
import { OperatorController, UsageController } from './api/usage.controller';
import { OperatorGuard } from './api/operator.guard';
import { Usage } from './application/usage';
import { UsageRepository } from './infrastructure/usage.repository';
import { Domains } from './application/domains';
import { DnsTxt } from './infrastructure/dns-txt';
import { DomainRepository } from './infrastructure/domain.repository';
import { AuditLog } from './application/audit-log';
import { AuditLogRepository } from './infrastructure/audit-log.repository';
import { MembersController } from './api/members.controller';
import { ApiKeys } from './application/api-keys';
import { ApiKeyRepository } from './infrastructure/api-key.repository';
import { StoresController } from './api/stores.controller';
import { AddMember } from './application/add-member.use-case';
import { ChangeMemberRole } from './application/change-member-role.use-case';
import { CreateStore } from './application/create-store.use-case';
import { GetPublicStore } from './application/get-public-store.use-case';
import { GetStore } from './application/get-store.use-case';
import { ListMembers } from './application/list-members.use-case';
import { ListMyStores } from './application/list-my-stores.use-case';
import { RemoveMember } from './application/remove-member.use-case';
import { TenancyFacade } from './application/tenancy.facade';
import { UpdateStore } from './application/update-store.use-case';
import { MembershipRepository } from './infrastructure/membership.repository';
import { StoreActivity } from './infrastructure/store-activity';
import { StoreRepository } from './infrastructure/store.repository';
import { MembershipSchema, StoreSchema } from './infrastructure/tenancy.schema';

/** Stores, memberships and roles. Other contexts and the api's guard use TenancyFacade. */
@Module({
  imports: [TypeOrmModule.forFeature([StoreSchema, MembershipSchema]), IdentityModule],
  controllers: [
    StoresController,
    MembersController,
    ApiKeysController,
    AuditLogController,
    DomainsController,
    UsageController,
    OperatorController,
  ],
  providers: [
    ApiKeyRepository,
    ApiKeys,
    AuditLogRepository,
    AuditLog,
    DomainRepository,
    DnsTxt,
    Domains,
    StoreRepository,
    MembershipRepository,
    StoreActivity,
    CreateStore,
    ListMyStores,
    GetStore,
    UpdateStore,
    GetPublicStore,
    ListMembers,
    AddMember,
    ChangeMemberRole,
    RemoveMember,
    TenancyFacade,
    UsageRepository,
    Usage,
    OperatorGuard,
  ],
  exports: [TenancyFacade, AuditLog],
})
export class TenancyModule {}
