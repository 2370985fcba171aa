// Wire types for users, roles and sign-in.
import { Type, type Static } from 'typebox'

export const ROLES = ['dispatcher', 'responder', 'planner', 'supervisor', 'admin'] as const
export type Role = typeof ROLES[number]
/** Roles at the dispatch desk, and those who also work calls in the field. */
export const DESK: readonly Role[] = ['dispatcher', 'supervisor']
export const FIELD: readonly Role[] = ['dispatcher', 'supervisor', 'responder']
export const RoleSchema = Type.Enum([...ROLES], { description: 'dispatcher, responder (bound to one team), planner, supervisor or admin' })

export const UserSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  teamId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'The team a responder is bound to' }),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' })
})
export type User = Static<typeof UserSchema>

export const EmailSchema = Type.String({ format: 'email', maxLength: 254, description: 'Sign-in email address' })
export const PasswordSchema = Type.String({ minLength: 12, maxLength: 200, description: 'At least 12 characters, not a common password, not containing the email address' })

export const CreateUserSchema = Type.Object({
  email: EmailSchema,
  password: PasswordSchema,
  name: Type.Optional(Type.String({ maxLength: 200 })),
  role: RoleSchema,
  teamId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()]))
}, { additionalProperties: false })
export type CreateUser = Static<typeof CreateUserSchema>

export const UpdateUserSchema = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 200 })),
  role: Type.Optional(RoleSchema),
  teamId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
  active: Type.Optional(Type.Boolean()),
  password: Type.Optional(PasswordSchema)
}, { additionalProperties: false, minProperties: 1 })
export type UpdateUser = Static<typeof UpdateUserSchema>

export const LoginSchema = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 200 })
})

export const LoginResultSchema = Type.Object({
  token: Type.String({ description: 'Send as Authorization: Bearer <token>' }),
  expiresAt: Type.String({ format: 'date-time' }),
  user: UserSchema
})
