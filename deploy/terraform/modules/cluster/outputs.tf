output "cluster_name" {
  description = "For aws eks update-kubeconfig."
  value       = aws_eks_cluster.main.name
}

output "cluster_endpoint" {
  description = "The private API endpoint."
  value       = aws_eks_cluster.main.endpoint
}

output "node_security_group_id" {
  description = "The cluster security group the nodes use (allowed into RDS and Redis)."
  value       = aws_eks_cluster.main.vpc_config[0].cluster_security_group_id
}

output "app_role_arn" {
  description = "IRSA role for the chart's serviceAccount annotation."
  value       = aws_iam_role.app.arn
}
