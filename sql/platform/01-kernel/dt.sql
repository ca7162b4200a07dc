-- Scalar wrapper types and the registry's tagged union.
CREATE TYPE TVarType AS ENUM ('kernel', 'context', 'object');

CREATE TYPE Id AS (Id uuid);
CREATE TYPE Cardinal AS (Cardinal numeric(14));
CREATE TYPE Amount AS (Amount numeric(15,5));
CREATE TYPE Const AS (Const numeric(5));
CREATE TYPE Symbol AS (Symbol varchar(1));
CREATE TYPE Code AS (Code varchar(30));
CREATE TYPE Name AS (Name varchar(50));
CREATE TYPE Label AS (Label varchar(65));
CREATE TYPE Description AS (Description varchar(260));
CREATE TYPE String AS (String text);
CREATE TYPE Status AS (Status varchar(1));

-- vType: 0 integer, 1 numeric, 2 datetime, 3 string, 4 boolean.
CREATE TYPE Variant AS (
  vType     integer,
  vInteger  integer,
  vNumeric  numeric,
  vDateTime timestamp,
  vString   text,
  vBoolean  boolean
);

CREATE TYPE TIdList AS (List uuid[]);
CREATE TYPE TCardinalList AS (List numeric(14)[]);
CREATE TYPE TAmountList AS (List numeric(15,5)[]);
CREATE TYPE TConstList AS (List numeric(5)[]);
CREATE TYPE TSymbolList AS (List varchar(1)[]);
CREATE TYPE TCodeList AS (List varchar(30)[]);
CREATE TYPE TNameList AS (List varchar(50)[]);
CREATE TYPE TLabelList AS (List varchar(65)[]);
CREATE TYPE TDescList AS (List varchar(260)[]);
CREATE TYPE TStringList AS (List text[]);
CREATE TYPE TTextList AS (List text[]);
CREATE TYPE TStatusList AS (List varchar(1)[]);
CREATE TYPE TBoolList AS (List boolean[]);
CREATE TYPE TDateList AS (List timestamp[]);
CREATE TYPE TVariantList AS (List Variant[]);
