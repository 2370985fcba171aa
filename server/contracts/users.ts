// Wire types for users, roles and sign-in.
import { Type, type Static } from 'typebox'

export const ROLES = ['dispatcher', 'responder', 'planner', 'supervisor', 'admin', 'navigator', 'facility'] as const
export type Role = (typeof ROLES)[number]
/** Roles at the dispatch desk, and those who also work calls in the field. */
export const DESK: readonly Role[] = ['dispatcher', 'supervisor']
export const FIELD: readonly Role[] = ['dispatcher', 'supervisor', 'responder']
export const RoleSchema = Type.Enum([...ROLES], {
  description:
    'dispatcher, responder (bound to one team), planner, supervisor, admin, navigator (calls people back: follow-ups and referrals) ' +
    "or facility (a facility's staff, bound to one facility: its capacity)"
})

const FacilityIdSchema = Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
  description: 'The facility a facility user is bound to (required for that role)'
})

export const UserSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  teamId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'The team a responder is bound to' }),
  facilityId: Type.Optional(
    Type.String({ format: 'uuid', description: 'The facility a facility user is bound to (only for that role)' })
  ),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' })
})
export type User = Static<typeof UserSchema>

export const EmailSchema = Type.String({ format: 'email', maxLength: 254, description: 'Sign-in email address' })
export const PasswordSchema = Type.String({
  minLength: 12,
  maxLength: 200,
  description: 'At least 12 characters, not a common password, not containing the email address'
})

export const CreateUserSchema = Type.Object(
  {
    email: EmailSchema,
    password: PasswordSchema,
    name: Type.Optional(Type.String({ maxLength: 200 })),
    role: RoleSchema,
    teamId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
    facilityId: Type.Optional(FacilityIdSchema)
  },
  { additionalProperties: false }
)
export type CreateUser = Static<typeof CreateUserSchema>

export const UpdateUserSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    role: Type.Optional(RoleSchema),
    teamId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
    facilityId: Type.Optional(FacilityIdSchema),
    active: Type.Optional(Type.Boolean()),
    password: Type.Optional(PasswordSchema)
  },
  { additionalProperties: false, minProperties: 1 }
)
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

// ------------------------------------------------------------------ administration and two-step sign-in

export const UserAdminSchema = Type.Intersect([
  UserSchema,
  Type.Object({
    state: Type.Enum(['active', 'password_reset', 'deactivated'], {
      description: 'deactivated: cannot sign in; password_reset: must set a new password at next sign-in'
    }),
    mustChangePassword: Type.Boolean(),
    lastSignInAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    totp: Type.Object({
      enrolled: Type.Boolean({ description: 'Signs in with a TOTP code as second step' }),
      required: Type.Boolean({ description: 'The role is in MFA_REQUIRED_ROLES' }),
      recoveryCodesLeft: Type.Integer()
    }),
    activeSessions: Type.Integer({ description: 'Sessions not expired nor ended' })
  })
])
export type UserAdmin = Static<typeof UserAdminSchema>

export const CreateUserAdminSchema = Type.Object(
  {
    email: EmailSchema,
    password: Type.Optional(PasswordSchema),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    role: RoleSchema,
    teamId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
    facilityId: Type.Optional(FacilityIdSchema),
    mustChangePassword: Type.Optional(
      Type.Boolean({
        description: 'Sign-in asks for a new password first (default: true when the server makes the password, false when one is given)'
      })
    )
  },
  { additionalProperties: false }
)

export const CreatedUserSchema = Type.Intersect([
  UserAdminSchema,
  Type.Object({
    temporaryPassword: Type.Union([Type.String(), Type.Null()], {
      description: 'The password the server made, shown once (null when one was given)'
    })
  })
])

export const PasswordResetSchema = Type.Object(
  {
    password: Type.Optional(PasswordSchema)
  },
  { additionalProperties: false, description: 'Without a password the server makes one' }
)

export const PasswordResetResultSchema = Type.Object({
  user: UserAdminSchema,
  temporaryPassword: Type.String({
    description: 'Give it to the user by a safe channel; they must replace it at next sign-in. Shown once.'
  }),
  sessionsEnded: Type.Integer()
})

export const SessionsEndedSchema = Type.Object({ sessionsEnded: Type.Integer() })

const ChallengeToken = Type.String({ minLength: 20, maxLength: 200, description: 'The challenge sign-in answered with' })
const SIGN_IN_STEPS = ['password_change_required', 'totp_required', 'totp_enrolment_required'] as const

export const SignInResultSchema = Type.Union(
  [
    Type.Object({
      status: Type.Literal('signed_in'),
      token: Type.String({ description: 'Send as Authorization: Bearer <token>' }),
      expiresAt: Type.String({ format: 'date-time' }),
      user: UserSchema
    }),
    Type.Object({
      status: Type.Enum([...SIGN_IN_STEPS], {
        description:
          'password_change_required: POST /api/auth/password; totp_required: POST /api/auth/totp; totp_enrolment_required: POST ' +
          '/api/auth/totp/enrol, then /api/auth/totp/enrol/confirm'
      }),
      challenge: Type.String({ description: 'Send with the next step; nothing else accepts it' }),
      challengeExpiresAt: Type.String({ format: 'date-time' }),
      user: Type.Object({ email: Type.String(), name: Type.String(), role: RoleSchema })
    })
  ],
  { description: 'Signed in, or the next step of the sign-in' }
)
export type SignInResult = Static<typeof SignInResultSchema>

export const NewPasswordSchema = Type.Object(
  {
    challenge: ChallengeToken,
    password: PasswordSchema
  },
  { additionalProperties: false }
)

export const ChangePasswordSchema = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 200, description: 'The password now' }),
    password: PasswordSchema
  },
  { additionalProperties: false }
)

export const TotpStepSchema = Type.Object(
  {
    challenge: ChallengeToken,
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: 'The 6-digit code of the authenticator app' })),
    recoveryCode: Type.Optional(
      Type.String({ minLength: 1, maxLength: 40, description: 'One of the recovery codes (each works once)' })
    )
  },
  { additionalProperties: false }
)

export const ChallengeSchema = Type.Object({ challenge: ChallengeToken }, { additionalProperties: false })

export const EnrolConfirmSchema = Type.Object(
  {
    challenge: ChallengeToken,
    code: Type.String({ minLength: 1, maxLength: 20, description: 'The first code the app shows' })
  },
  { additionalProperties: false }
)

export const TotpCodeSchema = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 20, description: 'A current 6-digit code' })
  },
  { additionalProperties: false }
)

export const TotpEnrolmentSchema = Type.Object({
  secret: Type.String({ description: 'Base32, for an app that cannot scan' }),
  otpauthUri: Type.String({ description: 'otpauth://totp/… (RFC 6238, SHA-1, 6 digits, 30 s)' }),
  qrSvg: Type.String({ description: 'The URI as a QR code, an SVG document' }),
  qrDataUrl: Type.String({ description: 'The URI as a QR code, a PNG data URL' })
})

export const RecoveryCodesSchema = Type.Object({
  recoveryCodes: Type.Array(Type.String(), { description: 'Shown once; each works once in place of a code' })
})

export const EnrolledSignInSchema = Type.Object({
  signIn: SignInResultSchema,
  recoveryCodes: Type.Array(Type.String(), { description: 'Shown once; each works once in place of a code' })
})

export const TotpStatusSchema = Type.Object({
  enrolled: Type.Boolean(),
  pending: Type.Boolean({ description: 'An enrolment waits for its first code' }),
  required: Type.Boolean({ description: 'The role must sign in with a code (MFA_REQUIRED_ROLES)' }),
  confirmedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  recoveryCodesLeft: Type.Integer()
})
