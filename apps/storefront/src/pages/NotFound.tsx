export function NotFound({ message = 'This page does not exist.' }: { message?: string }) {
  return (
    <main class="notice">
      <h1>Not found</h1>
      <p>{message}</p>
    </main>
  );
}
