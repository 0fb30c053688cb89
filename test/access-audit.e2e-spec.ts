import { Controller, Get, Module } from '@nestjs/common';
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

describe('routes fail closed', () => {
  it('refuses to start when a handler declares no access', async () => {
    await expect(startTestApi({ extraModules: [ForgottenModule] })).rejects.toThrow(
      /without an access declaration.*ForgottenController\.open/,
    );
  });

  it('starts when every product route declares its access', async () => {
    const api = await startTestApi();
    await api.close();
  });
});
