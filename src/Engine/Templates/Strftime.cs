using System.Globalization;
using System.Text;

namespace Inference.Engine.Templates;

/// <summary>C/glibc <c>strftime</c> in the C locale, as Python's <c>datetime.strftime</c> produces on Linux
/// (including glibc's <c>%-d</c> no-padding flag).</summary>
internal static class Strftime
{
    private static readonly string[] Days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] Months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static string Format(DateTime t, string format)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length) { sb.Append(format[i]); continue; }
            var c = format[++i];
            var noPad = false;
            if (c == '-' && i + 1 < format.Length) { noPad = true; c = format[++i]; }
            string Pad(int v, int width = 2) => noPad ? v.ToString(CultureInfo.InvariantCulture) : v.ToString(new string('0', width), CultureInfo.InvariantCulture);
            sb.Append(c switch
            {
                'a' => Days[(int)t.DayOfWeek][..3],
                'A' => Days[(int)t.DayOfWeek],
                'b' or 'h' => Months[t.Month - 1][..3],
                'B' => Months[t.Month - 1],
                'd' => Pad(t.Day),
                'e' => noPad ? t.Day.ToString(CultureInfo.InvariantCulture) : t.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2),
                'm' => Pad(t.Month),
                'y' => Pad(t.Year % 100),
                'Y' => t.Year.ToString(CultureInfo.InvariantCulture),
                'H' => Pad(t.Hour),
                'I' => Pad(t.Hour % 12 == 0 ? 12 : t.Hour % 12),
                'M' => Pad(t.Minute),
                'S' => Pad(t.Second),
                'p' => t.Hour < 12 ? "AM" : "PM",
                'j' => Pad(t.DayOfYear, 3),
                'f' => (t.Ticks % TimeSpan.TicksPerSecond / 10).ToString("000000", CultureInfo.InvariantCulture),
                'w' => ((int)t.DayOfWeek).ToString(CultureInfo.InvariantCulture),
                'u' => (t.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)t.DayOfWeek).ToString(CultureInfo.InvariantCulture),
                'F' => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                'T' => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                'D' => t.ToString("MM/dd/yy", CultureInfo.InvariantCulture),
                'R' => t.ToString("HH:mm", CultureInfo.InvariantCulture),
                'n' => "\n",
                't' => "\t",
                '%' => "%",
                _ => "%" + (noPad ? "-" : "") + c,
            });
        }
        return sb.ToString();
    }
}
