// amazon-cognito-identity-js ships these internals without type declarations; the cross-check types them locally.
declare module 'amazon-cognito-identity-js/lib/BigInteger.js' {
  const BigInteger: unknown
  export default BigInteger
}
declare module 'amazon-cognito-identity-js/lib/AuthenticationHelper.js' {
  const AuthenticationHelper: unknown
  export default AuthenticationHelper
}
