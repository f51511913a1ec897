-- Single sign-on (mode 'oidc'): the identity a user signed in with first, bound to the account, so that an
-- e-mail address the identity provider hands to someone else later cannot take the account over.
-- 'entra:<tid>:<oid>' for Microsoft Entra ID (tenant and object id), else '<iss>|<sub>'. NULL: not yet bound.
ALTER TABLE users ADD COLUMN oidc_subject VARCHAR;
