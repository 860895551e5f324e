import type { Role } from "@/lib/auth/roles";

declare module "next-auth" {
  interface Session {
    sid: string;
    user: { id: string; email: string; name: string; role: Role };
  }
  interface User {
    id: string;
    email: string;
    name: string;
    role: Role;
    sid: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    sid?: string;
    uid?: string;
    role?: Role;
  }
}
