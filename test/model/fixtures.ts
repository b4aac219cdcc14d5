// What the scripted Cognito and the driver agree on: timings, secrets the user types, challenge parameters.
export const DAY = 86_400_000
export const TRUST_DAYS = 30
export const NEW_PASSWORD = 'N3w-Model-Pa55!'
export const WRONG_PASSWORD = 'Wrong-Pa55word!'
export const CODE_KEYS = { SMS_MFA: 'SMS_MFA_CODE', SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE', EMAIL_OTP: 'EMAIL_OTP_CODE' } as const
export const CHANNELS = { SMS_MFA: 'SMS', SOFTWARE_TOKEN_MFA: 'TOTP', EMAIL_OTP: 'EMAIL' } as const
export const MFA_PARAMETERS: Record<string, Record<string, string>> = {
  SMS_MFA: { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0100' },
  EMAIL_OTP: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***' },
  SOFTWARE_TOKEN_MFA: {},
}
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
