// What the scripted Cognito and the driver agree on: timings, secrets the user types, challenge parameters.
export const DAY = 86_400_000
export const TRUST_DAYS = 30
export const NEW_PASSWORD = 'N3w-Model-Pa55!'
export const WRONG_PASSWORD = 'Wrong-Pa55word!'
export const CODE_KEYS = {
  SMS_MFA: 'SMS_MFA_CODE',
  SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE',
  EMAIL_OTP: 'EMAIL_OTP_CODE',
  SMS_OTP: 'SMS_OTP_CODE',
} as const
export const CHANNELS = { SMS_MFA: 'SMS', SOFTWARE_TOKEN_MFA: 'TOTP', EMAIL_OTP: 'EMAIL', SMS_OTP: 'SMS' } as const
export const MFA_PARAMETERS: Record<string, Record<string, string>> = {
  SMS_MFA: { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0100' },
  EMAIL_OTP: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***' },
  SOFTWARE_TOKEN_MFA: {},
  // USER_AUTH's first factor by SMS (the e-mail one is EMAIL_OTP's, as MFA)
  SMS_OTP: { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0100' },
}
/** The factors the scripted SELECT_CHALLENGE lists (AvailableChallenges), in its order. */
export const OFFERED = ['PASSWORD_SRP', 'PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] as const
/** The page the model's passkeys are made on, and their relying party. */
export const ORIGIN = 'http://localhost:5173'
export const RP_ID = 'localhost'
export const FIRST_CHALLENGES: Record<string, Record<string, string>> = {
  ...MFA_PARAMETERS,
  SELECT_MFA_TYPE: { MFAS_CAN_CHOOSE: JSON.stringify(['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']) },
  MFA_SETUP: { MFAS_CAN_SETUP: JSON.stringify(['SOFTWARE_TOKEN_MFA']) },
  NEW_PASSWORD_REQUIRED: {
    userAttributes: JSON.stringify({ email: 'ana@example.com' }),
    requiredAttributes: JSON.stringify(['userAttributes.name']),
  },
  CUSTOM_CHALLENGE: { question: 'What is 6 x 7?' },
}
