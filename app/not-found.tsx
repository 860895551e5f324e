import Link from "next/link";

export default function NotFound() {
  return (
    <main className="centered">
      <div className="card narrow">
        <h1>Not found</h1>
        <p>There is nothing at this address.</p>
        <Link href="/">Go to your start page</Link>
      </div>
    </main>
  );
}
