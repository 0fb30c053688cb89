import type { Product } from '../api';
import { Link } from '../router';
import { useShop } from '../shop';
import { Stars } from './Stars';

export function ProductCard({ product }: { product: Product }) {
  const shop = useShop();
  const image = product.images[0];
  const { priceMin, priceMax } = product;
  return (
    <Link href={shop.href(`p/${product.slug}`)} class="card" data-testid="product-card">
      <div class="card-image">
        {image ? <img src={image.url} alt={image.alt || product.title} loading="lazy" /> : null}
      </div>
      <h3>{product.title}</h3>
      <p class="price">
        {priceMin === null
          ? ''
          : priceMax !== null && priceMax !== priceMin
            ? `${shop.money(priceMin)} – ${shop.money(priceMax)}`
            : shop.money(priceMin)}
      </p>
      {product.rating?.count ? <Stars rating={product.rating} /> : null}
      {product.inStock ? null : <p class="muted">Out of stock</p>}
    </Link>
  );
}
