import { Controller, Get, Module, Post } from '@nestjs/common';
import { Allow } from '@silkcart/shared';
import { startTestApi } from './support/test-api';

@Controller('forgotten')
class ForgottenController {
  @Get()
  open(): string {
    return 'should never be served';
  }
}

@Module({ controllers: [ForgottenController] })
class ForgottenModule {}

@Controller('stores/:storeId/forgotten')
class UnkeyedController {
  @Post()
  @Allow('catalog.write')
  create(): string {
    return 'a retry would do this twice';
  }
}

@Module({ controllers: [UnkeyedController] })
class UnkeyedModule {}

describe('routes fail closed', () => {
  it('refuses to start when a handler declares no access', async () => {
    await expect(startTestApi({ extraModules: [ForgottenModule] })).rejects.toThrow(
      /without an access declaration.*ForgottenController\.open/,
    );
  });

  it('refuses to start when a store POST does not honour Idempotency-Key', async () => {
    await expect(startTestApi({ extraModules: [UnkeyedModule] })).rejects.toThrow(
      /UnkeyedController\.create \(a store POST without @Idempotent\(\)\)/,
    );
  });

  it('starts when every product route declares its access', async () => {
    const api = await startTestApi();
    await api.close();
  });
});
