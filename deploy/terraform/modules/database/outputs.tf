output "endpoint" {
  description = "host:port of the database."
  value       = aws_db_instance.main.endpoint
}

output "master_secret_arn" {
  description = "Secrets Manager entry of the master password (rotated by RDS)."
  value       = aws_db_instance.main.master_user_secret[0].secret_arn
}

output "instance_id" {
  description = "For CloudWatch alarms."
  value       = aws_db_instance.main.identifier
}
