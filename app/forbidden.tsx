import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="centered">
      <div className="card narrow">
        <h1>Not permitted</h1>
        <p>Your role does not give access to this page. The attempt has been recorded in the audit trail.</p>
        <Link href="/">Go to your start page</Link>
      </div>
    </main>
  );
}
