import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Idempotent, Ctx, IdParam, Page, PageQuery, RequestContext } from '@silkcart/shared';
import { CategoryPage, CategoryView } from '../application/catalog.views';
import { CreateCategory } from '../application/create-category.use-case';
import { DeleteCategory } from '../application/delete-category.use-case';
import { ListCategories } from '../application/list-categories.use-case';
import { UpdateCategory } from '../application/update-category.use-case';
import { CreateCategoryDto, UpdateCategoryDto } from './catalog.dto';

@ApiTags('catalog')
@ApiBearerAuth()
@ApiParam({ name: 'storeId', format: 'uuid' })
@Controller('stores/:storeId/categories')
export class CategoriesController {
  constructor(
    private readonly listCategories: ListCategories,
    private readonly createCategory: CreateCategory,
    private readonly updateCategory: UpdateCategory,
    private readonly deleteCategory: DeleteCategory,
  ) {}

  @Get()
  @Allow('store.read')
  @ApiResponse({ status: 200, type: CategoryPage })
  list(@Ctx() ctx: RequestContext, @Query() query: PageQuery): Promise<Page<CategoryView>> {
    return this.listCategories.execute(ctx, query);
  }

  @Post()
  @Allow('catalog.write')
  @Idempotent()
  @ApiResponse({ status: 201, type: CategoryView })
  @ApiResponse({ status: 409, description: 'Slug taken in this store' })
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateCategoryDto): Promise<CategoryView> {
    return this.createCategory.execute(ctx, dto);
  }

  @Patch(':categoryId')
  @Allow('catalog.write')
  @ApiParam({ name: 'categoryId', format: 'uuid' })
  @ApiResponse({ status: 200, type: CategoryView })
  @ApiResponse({ status: 400, description: 'A parent that would make a cycle' })
  update(
    @Ctx() ctx: RequestContext,
    @Param('categoryId', IdParam) id: string,
    @Body() dto: UpdateCategoryDto,
  ): Promise<CategoryView> {
    return this.updateCategory.execute(ctx, id, dto);
  }

  @Delete(':categoryId')
  @HttpCode(204)
  @Allow('catalog.write')
  @ApiParam({ name: 'categoryId', format: 'uuid' })
  @ApiResponse({ status: 204 })
  async remove(
    @Ctx() ctx: RequestContext,
    @Param('categoryId', IdParam) id: string,
  ): Promise<void> {
    await this.deleteCategory.execute(ctx, id);
  }
}
