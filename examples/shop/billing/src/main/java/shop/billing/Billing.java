package shop.billing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/** Prints the total of every order: the smallest billing run that touches the shop's database. */
public final class Billing
{
    public static void main(final String[] args) throws Exception
    {
        try (Connection db = DriverManager.getConnection(System.getenv("JDBC_URL"), "shop", "shop");
            ResultSet rows = db.createStatement().executeQuery("SELECT id, qty * price FROM orders JOIN products USING (sku)"))
        {
            while (rows.next())
            {
                System.out.println(rows.getLong(1) + "\t" + rows.getBigDecimal(2));
            }
        }
    }
}
