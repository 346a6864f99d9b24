using Symphony.Application.Fleet;
using Symphony.Domain.Fleet;

namespace Symphony.Application.Tests;

/// <summary>A change entry's lines as sentences: each kind of line, an attribute that moved, counts beside objects.</summary>
public sealed class ChangeSentencesTests
{
    [Fact]
    public void An_attribute_that_moved_is_one_sentence_and_grants_name_their_object_grant_option_and_grantor()
    {
        var sentences = ChangeSentences.Of(AccountChangeKind.Changed,
            added:
            [
                "attribute:superuser=True", "attribute:valid_until=2025-06-30T00:00:00.0000000Z", "member_of:app_read with admin option",
                "object:table:app.sales.invoices:SELECT with grant option by app_owner", "tables:app.sales:SELECT=3",
                "schema:app.sales:CREATE", "global:PROCESS with grant option", "default:app.sales:tables:SELECT by app_owner",
            ],
            removed:
            [
                "attribute:superuser=False", "attribute:valid_until=never", "object:function:app.public.refund(integer):EXECUTE by app_owner",
                "tables:app.sales:SELECT=2", "member_of:app_old noinherit",
            ]);
        Assert.Equal(
        [
            "SUPERUSER granted", "VALID UNTIL set to 2025-06-30", "role app_read granted WITH ADMIN OPTION",
            "SELECT on table app.sales.invoices granted WITH GRANT OPTION by app_owner", "CREATE on schema app.sales granted",
            "PROCESS on *.* granted WITH GRANT OPTION", "SELECT on new tables in app.sales created by app_owner granted by default",
            "EXECUTE on function app.public.refund(integer) revoked by app_owner", "role app_old revoked (used by SET ROLE only)",
        ], sentences);
    }

    [Fact]
    public void Counts_speak_when_no_object_is_in_the_change_and_a_new_account_s_default_attributes_say_nothing()
    {
        Assert.Equal(["SELECT on 3 tables of app.sales now", "SELECT on 2 tables of app.sales before"],
            ChangeSentences.Of(AccountChangeKind.Changed, ["tables:app.sales:SELECT=3"], ["tables:app.sales:SELECT=2"]));
        Assert.Equal(["LOGIN granted", "ACCOUNT LOCK", "CONNECT on database app granted"],
            ChangeSentences.Of(AccountChangeKind.Created,
                ["attribute:superuser=False", "attribute:login=True", "attribute:connection_limit=-1", "attribute:valid_until=never",
                 "attribute:account_locked=True", "database:app:CONNECT"], []));
        Assert.Equal(["entered classification locked (rule v2)", "left classification reads-s1 (rule v1)"],
            ChangeSentences.Of(AccountChangeKind.Classified, ["classification:locked (rule v2)"], ["classification:reads-s1 (rule v1)"]));
    }
}
