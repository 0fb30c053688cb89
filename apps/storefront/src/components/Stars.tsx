import type { Rating } from '../api';

export function Stars({ rating }: { rating: Rating }) {
  if (rating.average === null) return <p class="muted">No reviews yet</p>;
  const full = Math.round(rating.average);
  return (
    <p class="stars" aria-label={`Rated ${rating.average} out of 5`}>
      {'★'.repeat(full)}
      {'☆'.repeat(5 - full)}{' '}
      <span class="muted">
        {rating.average} ({rating.count})
      </span>
    </p>
  );
}
