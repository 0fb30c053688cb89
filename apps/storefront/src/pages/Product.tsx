import { useEffect, useState } from 'preact/hooks';
import { problemMessage, type Product, type Review } from '../api';
import { Stars } from '../components/Stars';
import { date } from '../format';
import { Link } from '../router';
import { useShop } from '../shop';

/** One product: images, variants to choose from, add to cart or wishlist, published reviews. */
export function ProductPage({ productSlug }: { productSlug: string }) {
  const shop = useShop();
  const [product, setProduct] = useState<Product | null | undefined>(undefined);
  const [reviews, setReviews] = useState<Review[]>([]);
  const [variantId, setVariantId] = useState('');
  const [quantity, setQuantity] = useState(1);
  const [message, setMessage] = useState('');
  const path = { storeSlug: shop.slug, productSlug };

  useEffect(() => {
    void shop
      .call((api) =>
        api.GET('/api/v1/catalog/{storeSlug}/products/{productSlug}', { params: { path } }),
      )
      .then(({ data }) => {
        setProduct(data ?? null);
        const first = data?.variants.find((v) => v.inStock) ?? data?.variants[0];
        setVariantId(first?.id ?? '');
      });
    void shop
      .call((api) =>
        api.GET('/api/v1/catalog/{storeSlug}/products/{productSlug}/reviews', {
          params: { path, query: { ordering: '-created' } },
        }),
      )
      .then(({ data }) => setReviews(data?.items ?? []));
  }, [shop.slug, productSlug]);

  if (product === undefined) return <p class="muted">Loading…</p>;
  if (product === null) return <p class="notice">This product is not available.</p>;
  const variant = product.variants.find((v) => v.id === variantId);

  const addToCart = async () => {
    if (!variant) return;
    const error = await shop.addToCart(variant.id, quantity);
    setMessage(error ?? `Added ${quantity} × ${product.title} (${variant.title}) to your cart.`);
  };
  const addToWishlist = async () => {
    const { response, error } = await shop.call((api) =>
      api.PUT('/api/v1/catalog/{storeSlug}/customers/me/wishlist/{productId}', {
        params: { path: { storeSlug: shop.slug, productId: product.id } },
      }),
    );
    setMessage(response.ok ? 'Saved to your wishlist.' : problemMessage(error));
  };

  return (
    <article class="product">
      <div class="gallery">
        {product.images.map((image) => (
          <img key={image.id} src={image.url} alt={image.alt || product.title} />
        ))}
      </div>
      <div class="details">
        <h1>{product.title}</h1>
        {product.rating ? <Stars rating={product.rating} /> : null}
        <p class="price" data-testid="price">
          {variant ? shop.money(variant.price) : ''}
        </p>
        <p>{product.description}</p>
        <fieldset class="variants">
          <legend>Options</legend>
          {product.variants.map((v) => (
            <label key={v.id} class={v.id === variantId ? 'variant selected' : 'variant'}>
              <input
                type="radio"
                name="variant"
                value={v.id}
                checked={v.id === variantId}
                disabled={!v.inStock}
                onChange={() => setVariantId(v.id)}
              />
              {v.title} · {shop.money(v.price)}
              {v.inStock ? '' : ' (sold out)'}
            </label>
          ))}
        </fieldset>
        <div class="buy">
          <input
            type="number"
            min="1"
            max="999"
            aria-label="Quantity"
            value={quantity}
            onInput={(e) => setQuantity(Math.max(1, Number(e.currentTarget.value) || 1))}
          />
          <button class="primary" onClick={addToCart} disabled={!variant?.inStock}>
            Add to cart
          </button>
          {shop.customer ? (
            <button onClick={addToWishlist}>Add to wishlist</button>
          ) : (
            <Link href={shop.href('account')}>Sign in to save it</Link>
          )}
        </div>
        {message ? (
          <p class="message" role="status">
            {message}{' '}
            {message.startsWith('Added') ? <Link href={shop.href('cart')}>View cart</Link> : null}
          </p>
        ) : null}
        <section class="reviews">
          <h2>Reviews</h2>
          {reviews.length === 0 ? <p class="muted">No reviews yet.</p> : null}
          {reviews.map((r) => (
            <blockquote key={r.id} class="review">
              <p class="stars">
                {'★'.repeat(r.rating)}
                {'☆'.repeat(5 - r.rating)} <strong>{r.title}</strong>
              </p>
              <p>{r.body}</p>
              <footer class="muted">
                {r.authorName}, {date(r.createdAt)} · verified purchase
              </footer>
            </blockquote>
          ))}
        </section>
      </div>
    </article>
  );
}
